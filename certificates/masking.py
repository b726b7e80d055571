def mask_name(name: str) -> str:
    """张*明, 李*, 欧**华: first and last characters kept, the others hidden."""
    chars = list(name.strip())
    if len(chars) <= 1:
        return "*"
    if len(chars) == 2:
        return chars[0] + "*"
    return chars[0] + "*" * (len(chars) - 2) + chars[-1]
