"""Form fields shaped like the NHS.UK design system's components."""

from datetime import date

from django import forms


class DayMonthYearWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__(
            {"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}, attrs
        )

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year boxes (the NHS date input pattern)."""

    widget = DayMonthYearWidget

    def __init__(self, **kwargs):
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, values):
        if not values or not any(values):
            if self.required:
                raise forms.ValidationError(
                    f"Enter the {self.label.lower()} as day, month and year."
                )
            return None
        day, month, year = (values + [None, None, None])[:3]
        if not (day and month and year):
            raise forms.ValidationError(f"{self.label} must include a day, month and year.")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} must be a real date, like 1 1 2026."
            ) from None
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(f"{self.label} must be a year between 2000 and 2100.")
        return value
