"""The services a new network starts with: what PCN staff commonly deliver, and which ARRS
roles can deliver each. The PCN manager edits, adds and removes them; this is only a start."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StarterService:
    name: str
    description: str
    role_codes: tuple[str, ...]
    needs_rooms: bool = True  # False where the work happens away from practice rooms
    hours: str = "core"  # or "enhanced_access": weekday evenings and Saturdays (Service.Hours)


STARTER_SERVICES = [
    StarterService(
        "Structured medication reviews",
        "Reviews of patients' medicines, especially complex or high-risk regimes.",
        ("clinical-pharmacist", "pharmacy-technician", "advanced-practitioner"),
    ),
    StarterService(
        "Social prescribing",
        "Connecting people to community groups and support for what matters to them.",
        ("social-prescribing-link-worker", "health-and-wellbeing-coach"),
    ),
    StarterService(
        "Care coordination",
        "Coordinating care for people with complex needs, proactive calls and care plans.",
        ("care-coordinator", "general-practice-assistant"),
        needs_rooms=False,
    ),
    StarterService(
        "Home visiting",
        "Visits to housebound patients at home.",
        ("paramedic", "advanced-practitioner", "enhanced-practice-nurse", "gp"),
        needs_rooms=False,
    ),
    StarterService(
        "First contact physiotherapy",
        "Musculoskeletal assessment without a GP appointment first.",
        ("first-contact-physiotherapist",),
    ),
    StarterService(
        "Care home rounds",
        "Weekly rounds and medicines support in the network's aligned care homes.",
        ("clinical-pharmacist", "paramedic", "advanced-practitioner", "nursing-associate"),
        needs_rooms=False,
    ),
    StarterService(
        "Enhanced access",
        "Appointments on weekday evenings and Saturdays.",
        (
            # Any of the network's clinicians can hold enhanced access appointments; these are
            # the roles most networks use for them.
            "gp",
            "advanced-practitioner",
            "clinical-pharmacist",
            "paramedic",
            "physician-associate",
            "general-practice-nurse-experienced",
            "general-practice-nurse-new",
            "healthcare-support-worker",
        ),
        hours="enhanced_access",
    ),
    StarterService(
        "Mental health support",
        "Assessment and brief interventions for adults, children and young people.",
        ("mental-health-practitioner-adult", "mental-health-practitioner-cyp"),
    ),
    StarterService(
        "Allied health clinics",
        "Dietetics, podiatry and occupational therapy clinics.",
        ("dietitian", "podiatrist", "occupational-therapist"),
    ),
]
