"""The sources behind the figures in PCN Commons: the keys ([S1], [G2]…) that rates, maxima and
roles cite, each with its title and address, as listed in the product's domain notes (FACTS.md,
"Source key"). The NHS data page lists them, one anchor each, and `source_links` turns every
key in a line of text into a link to its entry."""

import re
from dataclasses import dataclass

from django.urls import reverse
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str | None

    @property
    def anchor(self):
        return f"source-{self.key}"


SOURCES = [
    Source('S1', 'Pulse PCN, "Consultant nurses added to ARRS in new network contract"', 'https://pulsetoday.co.uk/pulse-pcn/consultant-nurses-added-to-arrs-in-new-network-contract'),
    Source('S2', 'The Pharmacist', 'https://thepharmacist.co.uk/in-practice/new-arrs-pharmacist-funding-confirmed-by-nhs-england'),
    Source('S3', 'Pharmaceutical Journal', 'https://pharmaceutical-journal.com/article/news/nhs-england-increases-arrs-reimbursement-for-pharmacists'),
    Source('S4', 'Humberside LMC, Network Contract DES 2025/26', 'https://humbersidelmc.org.uk/network-contract-des-202526/'),
    Source('S5', 'NCL Training Hub ARRS', 'https://www.ncltraininghub.org/training-and-support/additional-reimbursement-scheme'),
    Source('S6', 'BMA, GP contract changes 2025/26', 'https://bma.org.uk/pay-and-contracts/contracts/gp-contract/gp-contract-changes-england-202526'),
    Source('S7', 'BMA, Primary care network funding (updated 14 Apr 2025)', 'https://www.bma.org.uk/advice-and-support/gp-practices/primary-care-networks/primary-care-network-funding'),
    Source('S8', 'Pulse, ARRS GP ring-fence removed', 'https://pulsetoday.co.uk/news/2025-26-contract/new-contract-removes-arrs-gp-funding-ringfence-and-increases-salaries'),
    Source('S9', 'Enhanced Primary Care', 'https://enhancedprimarycare.co.uk/2025/02/28/the-2025-26-gp-contract-a-step-forward-but-not-without-its-challenges/'),
    Source('S10', 'Hill Dickinson', 'https://www.hilldickinson.com/our-view/articles/nhs-england-has-published-its-changes-to-the-gp-contract-for-202526'),
    Source('S11', 'Management in Practice, ready reckoner 2025/26', 'https://managementinpractice.com/news/practice-income-calculator-for-2025-26-released'),
    Source('S12', 'Healthcare Leader, ARRS in ICB allocations', 'https://healthcareleadernews.com/news/icbs-to-receive-arrs-funding-within-core-allocations'),
    Source('S13', 'Pulse, PCN funding flat 2024/25', 'https://pulsetoday.co.uk/pulse-pcn/pcn-funding-remains-flat-for-2024-25'),
    Source('S14', 'Doncaster LMC, PCN entitlements 2024/25', 'https://www.doncasterlmc.co.uk/primary-care-networks'),
    Source('S15', 'Pulse, Sept 2024 DES update', 'https://pulsetoday.co.uk/pulse-pcn/pcns-can-claim-more-for-arrs-staff-but-funding-remains-flat'),
    Source('S16', 'The Pharmacist, Oct 2024 rates', 'https://thepharmacist.co.uk/in-practice/pcns-can-claim-more-per-arrs-role-but-no-overall-funding-increase'),
    Source('S17', 'Pulse, ARRS uplift = AfC 5.5%', 'https://pulsetoday.co.uk/pulse-pcn/arrs-increases-in-line-with-agenda-for-change-nhs-england-confirms'),
    Source('S18', 'Pulse, IIF targets scrapped 2024/25', 'https://pulsetoday.co.uk/pulse-pcn/three-iif-targets-scrapped-in-2024-25-gp-contract'),
    Source('S19', 'Primary Care IT, IIF funding structure', 'https://support.primarycareit.co.uk/portal/en-gb/kb/articles/iif-funding-structure'),
    Source('S20', 'Doncaster LMC, ARRS', 'https://www.doncasterlmc.co.uk/additional-roles-reimbursement-scheme-arrs'),
    Source('S21', 'NEL ICB, PCN ARRS update', 'https://primarycare.northeastlondon.icb.nhs.uk/news/pcn-arrs-update'),
    Source('S22', 'NHS England PCN FAQs', 'https://www.england.nhs.uk/primary-care/primary-care-networks/resources/pcn-faqs/second/'),
    Source('S23', 'Written answer 2019', 'https://parallelparliament.co.uk/question/257552'),
    Source('S24', 'HSJ', 'https://www.hsj.co.uk/primary-care/deputy-clinical-directors-will-share-the-primary-care-network-load/7025381.article'),
    Source('S25', 'BMA PCN funding, 2021/22 version (same URL as S7, "Updated 10 May 2021")', None),
    Source('S26', 'PCC, 2023/24 DES', 'https://www.pcc-cic.org.uk/resources/contracts-and-contract-monitoring'),
    Source('S27', 'SSLMC', 'https://www.sslmcs.co.uk/resources/primary-care-networks/adjustments-to-pcn-payments'),
    Source('S28', 'SSLMC, PCN ARRS 2026/27', 'https://www.sslmcs.co.uk/resources/gp-contract-2026-27/pcn-arrs-2026-27'),
    Source('S29', 'Healthcare Leader, 2026/27 contract', 'https://healthcareleadernews.com/news/funding-and-arrs-boost-in-new-gp-contract/'),
    Source('S30', 'Pulse PCN, GP reimbursement scheme transfers', 'https://pulsepcn.co.uk/news/practices-to-confirm-transfer-of-gp-reimbursement-scheme-funding-with-icbs'),
    Source('S31', 'Arjus PCN DES calculator 2026/27', 'https://arjus.co.uk/'),
    Source('S32', 'Ballards', 'https://ballardsllp.com/insights/how-will-practices-fund-gps-previously-supported-by-caip'),
    Source('S33', 'MiP, £88m underspend', 'https://managementinpractice.com/news/pcns-underspent-on-arrs-by-88m-in-2023-24-government-confirmed'),
    Source('S34', 'GP ARRS FAQ slides (2024/25; cites DES 10.5.4, Table 3c)', 'https://docs.google.com/presentation/d/1Y-_l-Rz13C_1q5edWhD6LnllWNPrugTn/htmlpresent'),
    Source('S35', 'NHS England, PMS/APMS 2025/26', 'https://www.england.nhs.uk/long-read/implementing-the-2025-26-gp-contract-changes-to-personal-medical-services-and-alternative-provider-medical-services-contracts'),
    Source('S36', 'NHS England PRN01892', 'https://www.england.nhs.uk/long-read/update-to-the-gp-contract-agreements-2025-26-financial-implications'),
    Source('S37', 'NHS Digital PCN Workforce notes', 'https://digital.nhs.uk/data-and-information/publications/statistical/primary-care-network-workforce/30-september-2021/background-and-data-sources'),
    Source('S38', 'NHS England, Additional roles quick reference', 'https://www.england.nhs.uk/long-read/additional-roles-a-quick-reference-summary/'),
    Source('S40', 'NHS England, Network Contract DES specification 2026/27', 'https://www.england.nhs.uk/wp-content/uploads/2026/03/network-contract-des-contract-specification-2026-27.pdf'),
    Source('S41', 'SSLMC, CAIP 2025/26', 'https://www.sslmcs.co.uk/resources/gp-contract-2025-26/caip-2025-26'),
    Source('S42', 'Wessex LMCs', 'https://www.wessexlmcs.com/primarycarenetworksworkforce'),
    Source('S43', 'Nursing in Practice', 'https://nursinginpractice.com/latest-news/what-nursing-roles-are-now-included-in-the-arrs'),
    Source('S44', 'The Pharmacist, July 2023 rates', 'https://www.thepharmacist.co.uk/news/no-new-funding-for-arrs-pay-increases/'),
    Source('S45', 'haresign ARRS calculator (Tables 2, 3a–3c, 2026/27 wording)', 'http://www.haresign.net/tools/arrs-calculator/'),
    Source('S46', 'Arjus PCN calculator 2024/25 role list', 'https://arjus.co.uk/pcn_calculator_2425.php'),
    Source('S47', 'Gloucestershire primary care, ARRS summary', 'https://glosprimarycare.co.uk/pcn-des'),
    Source('S48', 'MiP, £18m unspent 2024/25', 'https://managementinpractice.com/news/total-of-18m-arrs-money-unspent-in-2024-25-data-reveals'),
    Source('S49', 'Dataset description (PDS source from May 2024)', 'https://datasetsearch.research.google.com/search?query=gp+practice+list+size'),
    Source('S50', 'Arjus 2024/25 calculator note', 'https://arjus.co.uk/pcn_calculator_2425.php'),
    Source('S51', 'SSLMC, GP ARRS 2024/25 letter', 'https://www.sslmcs.co.uk/gp_arrs_funding_202425'),
    Source('S52', 'Capsticks, 2024/25 DES summary', 'https://www.capsticks.com/insights/keeping-your-primary-care-network-pcn-updated-with-the-network-contract-directed-enhanced-services-202425'),
    Source('G1', 'Alomco PCN ARRS Funding Optimization Tool 2025/26 (public GitHub repository)', 'https://github.com/Alomco/PCN-ARRS-Funding-Optimization-Tool-2025-26'),
    Source('G2', 'Table of 2025/26 outer London and London ARRS maxima (third party, unverified)', None),
    Source('G3', 'efejiroe/praqtis dat/in/MANIFEST.md, dat/in/*.zip, dat/in/arrs_roles.csv, src/fetch_workforce.R', None),
    Source('G4', 'third-party research note quoting the BMA page verbatim', None),
    Source('G5', 'shuc9663-source/GEOG5990_Assignment2_201929754 gp-reg-pat-prac-all.csv', None),
    Source('G6', 'bristolpeteredwards/Patient-satisfaction-GP-list-size-2021 gp-reg-pat-prac-all.csv', None),
    Source('G7', 'Richard Blackwell nearest-neighbour script', None),
    Source('G8', 'blackwellrd/practice_pcn_imd data/ePCN.xlsx', None),
    Source('G9', 'psychty/Population-pyramids ePCN.xlsx', None),
    Source('G10', 'psychty/pcn_hi_2022_des data/ePCN.xlsx, data/ePCN.xlsx Specification.pdf', None),
    Source('G11', 'ODS fetch script with epraccur/epcncorepartnerdetails column lists', None),
    Source('G12', 'Priyanshpaila/Uk_frontend data/epraccur.csv; hsma-programme/hsma6_geographic_optimisation_and_visualisation_book data/epraccur.csv', None),
    Source('G13', 'NHS Payments column lists', None),
]  # fmt: skip
BY_KEY = {s.key: s for s in SOURCES}
KEY = re.compile(r"\[([SG]\d+)\]")


def source_links(text):
    """`text`, escaped, with each known [S1]-style key a link to its entry on the sources page,
    named for a screen reader as "Source S1: its title"."""
    if not text:
        return ""
    page = reverse("reference:sources")
    parts, last = [], 0
    for match in KEY.finditer(str(text)):
        source = BY_KEY.get(match.group(1))
        if source is None:
            continue
        parts.append(escape(text[last : match.start()]))
        parts.append(
            Markup(
                '[<a href="{}#{}" class="app-source-link">'
                '<span class="nhsuk-u-visually-hidden">Source </span>{}'
                '<span class="nhsuk-u-visually-hidden">: {}</span></a>]'
            ).format(page, source.anchor, source.key, source.title)
        )
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
