"""What the browser tests share: the test users' password and logging in through the real form."""

from playwright.sync_api import expect

PASSWORD = "korrekt-hest-batteri-hæfteklamme"


def log_in(page, username: str, password: str = PASSWORD, *, go: bool = True) -> None:
    """Log in through /accounts/login/ (`go=False`: on the login page the browser is already on) and
    wait until the login form has gone."""
    if go:
        page.goto("/accounts/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("button", name="Log ind")).to_have_count(0)
