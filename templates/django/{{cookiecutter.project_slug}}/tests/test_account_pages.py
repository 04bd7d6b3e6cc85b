{%- import "shape.jinja" as s with context -%}
{%- set protected = "accounts:profile" if s.account_pages else "items:create" -%}
"""{% if s.account_pages %}Sign-up, login, logout and password reset{% else %}Login and logout (accounts made by an operator){% endif %} through the pages, as a visitor would."""
{% if s.account_pages %}
import re
{% endif %}
import pytest
from django.contrib.auth import get_user_model
{%- if s.account_pages %}
from django.core import mail
{%- endif %}
from django.urls import reverse

PASSWORD = "a-long-passphrase"


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("member", "member@example.com", PASSWORD)


def test_the_pages_render_with_the_stylesheet_and_a_csrf_token(client, db):
    for name in ({% if s.account_pages %}"login", "signup", "password_reset"{% else %}"login",{% endif %}):
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 200, name
        assert b'name="csrfmiddlewaretoken"' in response.content, name
        assert b'href="/static/css/site.css"' in response.content, name{%- if s.account_pages %}


def test_sign_up_creates_the_account_and_signs_it_in(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newcomer",
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert response.context["user"].get_username() == "newcomer"
    assert b"Your account is ready" in response.content
    user = get_user_model().objects.get(username="newcomer")
    assert user.email == "new@example.com" and user.check_password(PASSWORD)


def test_sign_up_shows_what_is_wrong(client, member):
    response = client.post(
        reverse("accounts:signup"),
        {"username": "member", "email": "", "password1": PASSWORD, "password2": "different"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"username", "email", "password2"} <= set(errors)
    assert b'class="errorlist' in response.content
    assert get_user_model().objects.count() == 1
{%- endif %}


def test_login_then_logout(client, member):
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("{{ "accounts:profile" if s.account_pages else "items:list" }}")
    page = client.get(reverse("{{ protected }}"))
{%- if s.account_pages %}
    assert page.status_code == 200 and b"member@example.com" in page.content
{%- else %}
    assert page.status_code == 200 and b'name="name"' in page.content
{%- endif %}
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("{{ protected }}")).status_code == 302


def test_a_wrong_password_is_refused(client, member):
    response = client.post(
        reverse("accounts:login"), {"username": "member", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b"Please enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(client, member):
    client.force_login(member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_protected_page_sends_anonymous_visitors_to_the_login(client):
    url = reverse("{{ protected }}")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"{%- if s.account_pages %}


def test_password_reset_mails_a_link_that_sets_a_new_password(client, member):
    response = client.post(reverse("accounts:password_reset"), {"email": "member@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["member@example.com"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link[1], follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    new = "another-long-passphrase"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(new)


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
{%- endif %}
