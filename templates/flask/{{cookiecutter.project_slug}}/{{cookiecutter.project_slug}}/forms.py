{%- set item_pages = cookiecutter.app_type in ("fullstack", "prototype") %}
{%- set signup = cookiecutter.auth and cookiecutter.app_type in ("fullstack", "prototype", "unsure") %}
{%- set accounts = cookiecutter.admin or signup -%}
"""The pages' forms (Flask-WTF): every one carries a CSRF token that ``validate_on_submit``
checks, and its validators give the messages shown next to each field.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
{%- if signup %}
from sqlalchemy import select
{%- endif %}
from wtforms import {% if accounts %}PasswordField, {% endif %}StringField{% if item_pages %}, TextAreaField{% endif %}
from wtforms.validators import {% if signup %}EqualTo, {% endif %}InputRequired, Length{% if item_pages %}, Optional{% endif %}, Regexp{% if signup %}, ValidationError{% endif %}
{%- if signup %}

from .auth import MIN_PASSWORD_LENGTH
from .extensions import db
from .models import {% if item_pages %}NAME_MAX_LENGTH, {% endif %}USERNAME_MAX_LENGTH, User
{%- elif item_pages and accounts %}

from .models import NAME_MAX_LENGTH, USERNAME_MAX_LENGTH
{%- elif item_pages %}

from .models import NAME_MAX_LENGTH
{%- else %}

from .models import USERNAME_MAX_LENGTH
{%- endif %}

# PostgreSQL cannot store the NUL character; refuse it with a message instead of a 500.
NO_NUL = Regexp(r"^[^\x00]*$", message="Must not contain the NUL character.")


class ConfirmForm(FlaskForm):
    """No fields but the CSRF token: the button of a delete or sign-out."""
{%- if item_pages %}


class ItemForm(FlaskForm):
    """Create or edit an item."""

    name = StringField("Name", validators=[InputRequired(), Length(max=NAME_MAX_LENGTH), NO_NUL])
    description = TextAreaField("Description", validators=[Optional(), NO_NUL])
{%- endif %}
{%- if accounts %}


class LoginForm(FlaskForm):
    """Sign in with a username and password."""

    username = StringField(
        "Username", validators=[InputRequired(), Length(max=USERNAME_MAX_LENGTH), NO_NUL]
    )
    password = PasswordField("Password", validators=[InputRequired(), Length(max=1024)])
{%- endif %}
{%- if signup %}


class SignupForm(FlaskForm):
    """Create an account; the password is stored as an Argon2 hash."""

    username = StringField(
        "Username", validators=[InputRequired(), Length(max=USERNAME_MAX_LENGTH), NO_NUL]
    )
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(),
            Length(MIN_PASSWORD_LENGTH, 1024, f"Use {MIN_PASSWORD_LENGTH} to 1024 characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[InputRequired(), EqualTo("password", message="The passwords differ.")],
    )

    def validate_username(self, field: StringField) -> None:
        """Refuse what ``flask create-user`` refuses, and a name someone has already."""
        if not (field.data or "").isprintable():
            raise ValidationError("Use printable characters only.")
        if db.session.scalar(select(User.id).where(User.username == field.data)) is not None:
            raise ValidationError("That username is taken.")
{%- endif %}
