from django import forms
from django.contrib.auth import authenticate, password_validation

from . import limits
from .models import Role


class SignInForm(forms.Form):
    email = forms.EmailField(label="Email address")
    password = forms.CharField(label="Password", strip=False, max_length=limits.PASSWORD)

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.user = authenticate(
            self.request, email=data["email"].strip().lower(), password=data["password"]
        )
        if self.user is None:
            raise forms.ValidationError(
                "The email address or password is not right. Check them and try again."
            )
        return data


class NewPasswordMixin:
    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class SignUpForm(NewPasswordMixin, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address")
    password = forms.CharField(
        max_length=limits.PASSWORD,
        label="Create a password",
        strip=False,
        help_text="At least 8 characters, not only numbers, and not a common password.",
    )


class AcceptInvitationForm(NewPasswordMixin, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    password = forms.CharField(
        max_length=limits.PASSWORD,
        label="Create a password",
        strip=False,
        help_text="At least 8 characters, not only numbers, and not a common password.",
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200, required=False)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    practice = forms.ChoiceField(label="Which practice do they manage?", required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.practices = {str(p.pk): p for p in network.practices.all()}
        self.fields["practice"].choices = [("", "Choose a practice")] + [
            (pk, p.name) for pk, p in self.practices.items()
        ]

    def clean(self):
        data = super().clean()
        practice = self.practices.get(data.get("practice") or "")
        if data.get("role") == Role.PRACTICE_MANAGER and practice is None:
            self.add_error("practice", "Choose the practice this practice manager manages.")
        data["practice"] = practice if data.get("role") == Role.PRACTICE_MANAGER else None
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        max_length=100,
        help_text="Say what will use it, for example 'Monthly report spreadsheet'.",
    )
