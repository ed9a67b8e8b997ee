from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcn.coordination import queries as coordination
from pcn.core.decorators import network_page, require
from pcn.core.middleware import choose_network
from pcn.core.refusals import attempt
from pcn.core.roles import icb_codes
from pcn.home import icb as icb_figures
from pcn.home.homes import page as homes
from pcn.home.icb import downloads
from pcn.money.exact import pounds
from pcn.money.queries import unspent_money_warning
from pcn.networks import queries as networks
from pcn.networks import week
from pcn.networks.models import Network
from pcn.purpose import queries as purpose
from pcn.rota.models import CalendarFeed
from pcn.rota.queries import my_published_week
from pcn.workforce import queries as workforce
from pcn.workforce.actions import staff
from pcn.workforce.forms import PulseForm
from pcn.workforce.identity import my_record


def index(request):
    if not request.user.is_authenticated:
        return redirect("core:sign_in")
    icbs = sorted(icb_codes(request.user))
    if not request.GET.get("choose"):
        # An ICB user lands on their ICB's page, whatever else they are (decision 31).
        if icbs:
            return redirect("home:icb", icbs[0])
        if request.network:
            return redirect(homes.landing(request.user, request.network))
    return render(
        request,
        "home/networks.jinja",
        {
            "networks": Network.objects.of_member(request.user),
            "icbs": [(code, icb_figures.icb_name(code) or code) for code in icbs],
            "page_title": "Your networks",
        },
    )


@login_required
@require_POST
def choose(request, pcn_code):
    network = get_object_or_404(Network.objects.of_member(request.user), pcn_code=pcn_code)
    choose_network(request, network)
    return redirect(homes.landing(request.user, network))


@network_page
def home(request):
    """What needs this person now, role by role, each item linked to where it is done."""
    network = request.network
    if not request.user.has_perm("home.view_home", network):
        return redirect(homes.landing(request.user, network))
    return render(
        request,
        "home/home.jinja",
        {
            "home": homes.home(
                request.user,
                network,
                in_register=request.user.has_perm("workforce.view_my_work", network),
            ),
            "purpose_panel": purpose.panel(network, request.user),
            "page_title": "Home",
            "nav": "home",
        },
    )


@network_page
def overview(request):
    network = request.network
    require(request.user, "networks.view_network", network)
    return render(
        request,
        "home/overview.jinja",
        {
            "overview": networks.overview(network),
            "coordination": coordination.overview_panel(network, request.user),
            "purpose_panel": purpose.panel(network, request.user),
            "unspent_money": (
                unspent_money_warning(network)
                if request.user.has_perm("money.view_totals", network)
                else None
            ),
            "applications_waiting": networks.applications_waiting_for(request.user),
            "page_title": "Overview",
            "nav": "overview",
        },
    )


@network_page
def my_work(request):
    require(request.user, "workforce.view_my_work", request.network)
    me = my_record(request.user, request.network.pk)
    person = workforce.person(request.network, me.pk)
    month = timezone.localdate().replace(day=1)
    answered = person.pulse.filter(month=month).first()
    # Their own answers stay on the form, so they can see and change them until the month ends.
    form = PulseForm(
        data=request.POST or None,
        initial={
            "belong": str(answered.belong),
            "support": str(answered.support),
            "clarity": str(answered.clarity),
            "comment": answered.comment,
        }
        if answered
        else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: staff.answer_pulse(
                person=person,
                month=month,
                belong=int(data["belong"]),
                support=int(data["support"]),
                clarity=int(data["clarity"]),
                comment=data["comment"],
                by=request.user,
            ),
        ):
            messages.info(
                request,
                "Thank you. Your answers are only ever shown together with at least four other people's.",
            )
            return redirect("home:my_work")
    return render(
        request,
        "home/my_work.jinja",
        {
            "person": person,
            "page": workforce.person_page(person),
            "roles": workforce.role_names(),
            "week_grid": week.grid(),
            "month": month,
            "answered": answered,
            "form": form,
            "can_read_note": lambda s: True,  # their own supervision
            "can_see_supervisees": request.user.has_perm(
                "workforce.view_overdue_supervision", request.network
            ),
            "rota_week": my_published_week(person),
            "purpose_panel": purpose.panel(request.network, request.user),
            "feed": CalendarFeed.objects.filter(staff=person).first(),
            "page_title": "My work",
            "nav": "my_work",
        },
    )


def _icb_of(request, icb_code):
    """The ICB's code, for an ICB user of it; a 404 for anyone else, as another network's page
    is (we don't say which ICBs have users)."""
    if not request.user.has_perm("home.view_icb", icb_code):
        raise Http404
    return icb_code


@login_required
def icb(request, icb_code):
    """Every network of the ICB side by side, and the ICB's other PCNs from the census."""
    view = icb_figures.icb_view(_icb_of(request, icb_code))
    return render(
        request,
        "home/icb.jinja",
        {
            "view": view,
            "answer_kinds": icb_figures.ANSWERS,
            "pounds": pounds,
            "page_title": view.icb_name,
        },
    )


def _csv(view, table, text):
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{downloads.file_name(view, table)}"'
    return response


@login_required
def icb_networks_csv(request, icb_code):
    view = icb_figures.icb_view(_icb_of(request, icb_code))
    return _csv(view, "networks", downloads.networks_csv(view))


@login_required
def icb_census_csv(request, icb_code):
    view = icb_figures.icb_view(_icb_of(request, icb_code))
    return _csv(view, "census", downloads.census_csv(view))


@login_required
def icb_network(request, icb_code, pcn_code):
    """A network's overview as its ICB's users read it: populations and shares, nothing to
    change and no link into the network's own pages (they are not its members)."""
    network = get_object_or_404(Network, icb_code=_icb_of(request, icb_code), pcn_code=pcn_code)
    if not request.user.has_perm("home.view_icb_network", network):
        raise Http404
    return render(
        request,
        "home/icb_network.jinja",
        {
            "network": network,
            "overview": networks.overview(network),
            "icb_name": icb_figures.icb_name(icb_code) or icb_code,
            "page_title": network.name,
        },
    )
