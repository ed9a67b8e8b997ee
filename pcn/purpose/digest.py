"""The shared purpose in the weekly digest: progress recorded on the priorities since the last
digest, or a newly agreed version, each with the purpose in one line. Nothing when nothing
changed: the digest is for news."""

from django.urls import reverse

from . import queries


def section(user, network, since):
    from pcn.coordination.digest import Section

    if not user.has_perm("purpose.view_purpose", network):
        return None
    version = queries.agreed(network)
    if version is None:
        return None
    rows = queries.priorities(version, user)
    fresh = [r for r in rows if r.latest and r.latest.added_at >= since]
    newly_agreed = version.agreed_at is not None and version.agreed_at >= since
    if not fresh and not newly_agreed:
        return None
    lines = [f"Our purpose: {version.statement}"]
    if newly_agreed:
        lines.append(
            f"Version {version.number} is agreed: {len(rows)} priorities for {version.year}."
        )
    for row in fresh:
        latest = row.latest
        figure = ""
        if latest.figure is not None:
            figure = f" {_figure(latest.figure)}"
            if row.terms.target is not None:
                figure += f" of {_figure(row.terms.target)}"
            figure += f"{' ' + row.terms.unit if row.terms.unit else ''}."
        mark = " (your service contributes)" if row.contributes else ""
        lines.append(f"{row.terms.title}{mark}:{figure} {latest.note}")
    return Section("Our shared purpose", lines, reverse("purpose:purpose"))


def _figure(value):
    return f"{value:,.1f}".rstrip("0").rstrip(".")
