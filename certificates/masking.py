from infrastructure.text import text_normalise, unsafe_characters


def mask_name(name: str) -> str:
    """张*明, 李*, 欧**华: first and last characters kept, the others hidden.

    Hidden and reordering characters count for nothing, so that a name padded
    with zero-width characters cannot pass for another one.
    """
    name = text_normalise(name)
    hidden = set(unsafe_characters(name))
    chars = [char for char in name if char not in hidden]
    if len(chars) <= 1:
        return "*"
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" * (len(chars) - 2) + chars[-1]
