"""Logging in as a person does: through the login form (and so through django-axes)."""


def log_in(client, username: str, password: str) -> bool:
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session
