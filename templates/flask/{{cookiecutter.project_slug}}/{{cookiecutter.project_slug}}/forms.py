{%- import "shape.jinja" as s with context -%}
"""The pages' forms (Flask-WTF): every one carries a CSRF token that ``validate_on_submit``
checks, and its validators give the messages shown next to each field.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
{%- if s.signup %}
from sqlalchemy import select
{%- endif %}
from wtforms import PasswordField, StringField{% if s.item_pages %}, TextAreaField{% endif %}
from wtforms.validators import {% if s.signup %}EqualTo, {% endif %}InputRequired, Length{% if s.item_pages %}, Optional{% endif %}, Regexp{% if s.signup %}, ValidationError{% endif %}
{%- if s.signup %}

from .auth import MIN_PASSWORD_LENGTH
from .extensions import db
from .models import {% if s.item_pages %}NAME_MAX_LENGTH, {% endif %}USERNAME_MAX_LENGTH, User
{%- elif s.item_pages %}

from .models import NAME_MAX_LENGTH, USERNAME_MAX_LENGTH
{%- else %}

from .models import USERNAME_MAX_LENGTH
{%- endif %}

# PostgreSQL cannot store the NUL character; refuse it with a message instead of a 500.
NO_NUL = Regexp(r"^[^\x00]*$", message="Must not contain the NUL character.")


class ConfirmForm(FlaskForm):
    """No fields but the CSRF token: the button of a delete or sign-out."""
{%- if s.item_pages %}


class ItemForm(FlaskForm):
    """Create or edit an item."""

    name = StringField("Name", validators=[InputRequired(), Length(max=NAME_MAX_LENGTH), NO_NUL])
    description = TextAreaField("Description", validators=[Optional(), NO_NUL])
{%- endif %}


class LoginForm(FlaskForm):
    """Sign in with a username and password."""

    username = StringField(
        "Username", validators=[InputRequired(), Length(max=USERNAME_MAX_LENGTH), NO_NUL]
    )
    password = PasswordField("Password", validators=[InputRequired(), Length(max=1024)])
{%- if s.signup %}


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
