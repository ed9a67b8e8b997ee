from django import forms
from django.contrib.auth import authenticate, password_validation

from . import limits
from .models import API_TOKEN_DAYS, API_TOKEN_DEFAULT_DAYS, Role, User


class SignInForm(forms.Form):
    email = forms.EmailField(label="Email address")
    password = forms.CharField(label="Password", strip=False, max_length=limits.PASSWORD)

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        self.refused = False  # the email and password were checked and not accepted
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # The request goes with them, so a run of failures from one address is throttled.
        self.user = authenticate(
            self.request, email=data["email"].strip().lower(), password=data["password"]
        )
        if self.user is None:
            self.refused = True
            raise forms.ValidationError(
                "The email address or password is not right. Check them and try again."
            )
        return data


class ConfirmPasswordForm(forms.Form):
    """The signed-in person's password again, before they change how they sign in."""

    password = forms.CharField(label="Your password", strip=False, max_length=limits.PASSWORD)

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.refused = False
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # Through django-axes like a sign-in: wrong passwords here count with the rest.
        user = authenticate(self.request, email=self.request.user.email, password=data["password"])
        if user is None or user.pk != self.request.user.pk:
            self.refused = True
            raise forms.ValidationError({"password": "That password is not right."})
        return data


PASSWORD_HINT = (
    "At least 8 characters, not only numbers, not a common password and not like your "
    "email address."
)


class NewPasswordMixin:
    """A new password, checked by every validator in settings, those that compare it with the
    account's email address included: `account()` gives the account it is for."""

    def account(self):
        raise NotImplementedError

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, user=self.account())
        return password


class SignUpForm(forms.Form):
    """The first step: who you are. The link to choose a password goes to the address."""

    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address")


class ChoosePasswordForm(NewPasswordMixin, forms.Form):
    """The second step of creating an account, from the emailed link."""

    full_name = forms.CharField(label="Full name", max_length=200)
    password = forms.CharField(
        max_length=limits.PASSWORD,
        label="Create a password",
        strip=False,
        help_text=PASSWORD_HINT,
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def account(self):
        # Declared first, so the name typed is already in cleaned_data.
        return User(email=self.email, full_name=self.cleaned_data.get("full_name", ""))


class AcceptInvitationForm(ChoosePasswordForm):
    pass


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


def _lifetime(days):
    return {180: "6 months", 365: "1 year"}.get(days, f"{days} days")


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        max_length=100,
        help_text="Say what will use it, for example 'Monthly report spreadsheet'.",
    )
    days = forms.TypedChoiceField(
        label="How long should it work?",
        help_text="After this it stops working, and you make a new one.",
        choices=[(d, _lifetime(d)) for d in API_TOKEN_DAYS],
        coerce=int,
        initial=API_TOKEN_DEFAULT_DAYS,
    )


class AgreeWithoutForm(forms.Form):
    """Agreeing for the network while some practices have not agreed (pcn.core.agreement): the
    practices the page named, a tick to confirm going ahead without them, and why."""

    practices = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    confirm = forms.BooleanField(
        label="I am agreeing this for the network without these practices' agreement",
        required=False,
    )
    reason = forms.CharField(
        label="Why are you agreeing without them?",
        help_text="Shown with the agreement wherever it appears, and kept in the history.",
        widget=forms.Textarea,
        required=False,
        max_length=limits.NOTE,
    )

    def confirmed(self):
        """The ODS codes confirmed, or None when the box was not ticked."""
        if not self.cleaned_data.get("confirm"):
            return None
        return [code for code in self.cleaned_data["practices"].split(",") if code]
