"""Which column is which, by what its header means rather than one tool's exact spelling.

A custom Salesforce report names its columns "Account Name" and "Amount"; Pipedrive writes
"Organization - Name" and "Deal - Value"; a German Excel sheet says "Firma" and "Betrag".
Each of our fields has a table of the headers that mean it, compared without case, accents,
spaces or punctuation, so any export that names its columns plainly is read without a
mapping. And each tool's sales stages are read as ours through one table, which the preview
shows and the rep can change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from warroom.domain.kinds import STAGES


def plain(header: str) -> str:
    """A header as compared: 'E-Mail', 'e mail' and 'Email' are one."""
    decomposed = unicodedata.normalize("NFKD", header.casefold())
    return "".join(c for c in decomposed if c.isalnum())


_MEANINGS: Mapping[str, tuple[str, ...]] = {
    "company": (
        "Company",
        "Company Name",
        "Account",
        "Account Name",
        "Organization",
        "Organisation",
        "Organization - Name",
        "Organization Name",
        "Associated Company",
        "Employer",
        "Firma",
        "Firmenname",
        "Unternehmen",
        "Kontoname",
        "Société",
        "Entreprise",
        "Nom de l'entreprise",
        "Nom du compte",
        "Compte",
        "Empresa",
        "Compañía",
        "Nombre de la cuenta",
        "Organización",
        "Bedrijf",
        "Bedrijfsnaam",
        "Organisatie",
        "Azienda",
        "Società",
        "Nome account",
        "Conta",
    ),
    "website": (
        "Website",
        "Web Site",
        "Domain",
        "Company Domain Name",
        "Web Domain",
        "URL Website",
        "Organization - Website",
        "Webseite",
        "Site web",
        "Site internet",
        "Sitio web",
        "Sito web",
    ),
    "industry": (
        "Industry",
        "Sector",
        "Organization - Industry",
        "Branche",
        "Secteur",
        "Industrie",
        "Settore",
        "Setor",
    ),
    "deal_name": (
        "Opportunity Name",
        "Deal Name",
        "Deal",
        "Deal - Title",
        "Deal Title",
        "Opportunity",
        "Solution",
        "Verkaufschance",
        "Opportunité",
        "Oportunidad",
        "Opportunità",
    ),
    "amount": (
        "Amount",
        "Deal Value",
        "Deal - Value",
        "Opportunity Amount",
        "Value",
        "Deal Size",
        "Deal Amount",
        "ARR",
        "ACV",
        "TCV",
        "Annual Contract Value",
        "Betrag",
        "Wert",
        "Auftragswert",
        "Montant",
        "Valeur",
        "Importe",
        "Monto",
        "Valor",
        "Bedrag",
        "Waarde",
        "Importo",
        "Valore",
        "Montante",
    ),
    "currency": (
        "Currency",
        "Opportunity Currency",
        "Deal - Currency",
        "Currency Code",
        "Currency ISO Code",
        "Währung",
        "Devise",
        "Moneda",
        "Valuta",
        "Moeda",
    ),
    "stage": (
        "Stage",
        "Deal Stage",
        "Deal - Stage",
        "Opportunity Stage",
        "Sales Stage",
        "Phase",
        "Verkaufsphase",
        "Stufe",
        "Étape",
        "Etapa",
        "Fase",
    ),
    "first_name": (
        "First Name",
        "Firstname",
        "Given Name",
        "Person - First name",
        "Vorname",
        "Prénom",
        "Nombre",
        "Voornaam",
        "Nome",
        "Primeiro nome",
    ),
    "last_name": (
        "Last Name",
        "Lastname",
        "Surname",
        "Family Name",
        "Person - Last name",
        "Nachname",
        "Nom",
        "Nom de famille",
        "Apellido",
        "Apellidos",
        "Achternaam",
        "Cognome",
        "Sobrenome",
        "Apelido",
    ),
    "person": ("Full Name", "Contact Name", "Contact", "Person - Name", "Person Name"),
    "title": (
        "Title",
        "Job Title",
        "Position",
        "Role",
        "Person - Job title",
        "Position / Titel",
        "Berufsbezeichnung",
        "Titel",
        "Poste",
        "Titre",
        "Fonction",
        "Cargo",
        "Puesto",
        "Functie",
        "Ruolo",
        "Qualifica",
    ),
    "email": (
        "Email",
        "Email Address",
        "E-mail Address",
        "Person - Email",
        "Work Email",
        "Business Email",
        "E-Mail-Adresse",
        "Adresse e-mail",
        "Courriel",
        "Correo electrónico",
        "Correo",
        "E-mailadres",
        "Indirizzo email",
    ),
    "profile_url": (
        "URL",
        "Profile URL",
        "LinkedIn URL",
        "LinkedIn Profile",
        "LinkedIn",
        "Profile",
        "Person - LinkedIn",
    ),
    "opened": (
        "Created Date",
        "Create Date",
        "Date Created",
        "Created",
        "Deal created on",
        "Deal - Deal created",
        "Opened",
        "Opened On",
        "Erstellt am",
        "Erstellungsdatum",
        "Date de création",
        "Fecha de creación",
        "Aanmaakdatum",
        "Data di creazione",
        "Data de criação",
    ),
    "closed": (
        "Close Date",
        "Closed Date",
        "Date Closed",
        "Closed On",
        "Closing Date",
        "Deal - Deal closed on",
        "Abschlussdatum",
        "Date de clôture",
        "Fecha de cierre",
        "Sluitingsdatum",
        "Data di chiusura",
        "Data de fechamento",
    ),
    "owner": (
        "Owner",
        "Account Owner",
        "Opportunity Owner",
        "Deal owner",
        "Deal - Owner",
        "Company owner",
        "Contact owner",
        "Rep",
        "Sales Rep",
        "Besitzer",
        "Inhaber",
        "Verkaufschance-Inhaber",  # a German Salesforce's opportunity owner
        "Account-Inhaber",
        "Verantwortlicher",
        "Propriétaire de l'opportunité",
        "Propriétaire du compte",
        "Propietario de la oportunidad",
        "Propriétaire",
        "Propietario",
        "Eigenaar",
        "Proprietario",
        "Responsável",
    ),
}
MEANINGS: Mapping[str, frozenset[str]] = {
    name: frozenset(plain(header) for header in headers) for name, headers in _MEANINGS.items()
}


def recognize(headers: Sequence[str], skip: Iterable[str] = ()) -> dict[str, str]:
    """Our field -> the header that means it. A header that is in `skip` (a name two columns
    share) is never chosen: the rep says which one is meant."""
    skipped = set(skip)
    found: dict[str, str] = {}
    for header in headers:
        if not header or header in skipped:
            continue
        key = plain(header)
        for name, synonyms in MEANINGS.items():
            if key in synonyms and name not in found:
                found[name] = header
                break
    return found


_WON_WORDS = (
    "Closed Won", "closedwon", "Won",
    "Gewonnen", "Gagné", "Gagnée", "Ganada", "Ganado", "Vinta", "Ganho",
)  # fmt: skip
_LOST_WORDS = (
    "Closed Lost", "closedlost", "Lost",
    "Verloren", "Perdu", "Perdue", "Perdida", "Perdido", "Persa",
)  # fmt: skip
# Each tool's own stage names (their defaults, in their labels and internal ids) as ours.
_STAGE_WORDS: Mapping[str, tuple[str, ...]] = {
    # The English of each tool, then what European teams rename them to (German, French,
    # Spanish, Italian, Dutch): the header table reads their columns already.
    "identified": (
        "Prospecting",
        "Lead In",
        "Lead",
        "New",
        "Open",
        "Prospect",
        "Neu",
        "Interessent",
        "Nouveau",
        "Prospection",
        "Nuevo",
        "Prospección",
        "Nuovo",
    ),
    "researching": (
        "Qualification",
        "Qualify",
        "Qualified",
        "Research",
        "Qualifizierung",
        "Qualifiziert",
        "Cualificación",
        "Calificación",
        "Qualifica",
    ),
    "engaged": (
        "Id. Decision Makers",
        "Appointment Scheduled",
        "appointmentscheduled",
        "Contact Made",
        "Contacted",
        "Engaged",
        "Meeting Booked",
    ),
    "discovery": (
        "Needs Analysis",
        "Value Proposition",
        "Perception Analysis",
        "Qualified To Buy",
        "qualifiedtobuy",
        "Presentation Scheduled",
        "presentationscheduled",
        "Demo Scheduled",
        "Needs Defined",
        "Discovery",
        "Demo",
        "Bedarfsanalyse",
        "Analyse des besoins",
        "Découverte",
        "Análisis de necesidades",
        "Analisi dei bisogni",
    ),
    "proposal": (
        "Proposal/Price Quote",
        "Proposal",
        "Decision Maker Bought-In",
        "decisionmakerboughtin",
        "Proposal Made",
        "Quote Sent",
        "Angebot",
        "Angebot erstellt",
        "Proposition",
        "Offre",
        "Devis",
        "Propuesta",
        "Proposta",
        "Offerta",
        "Offerte",
        "Voorstel",
    ),
    "negotiation": (
        "Negotiation/Review",
        "Negotiation",
        "Contract Sent",
        "contractsent",
        "Negotiations Started",
        "Commit",
        "Verhandlung",
        "Vertragsverhandlung",
        "Négociation",
        "Negociación",
        "Negoziazione",
        "Negociação",
        "Onderhandeling",
    ),
    "closed": (*_WON_WORDS, *_LOST_WORDS, "Closed"),
}
STAGE_TABLE: Mapping[str, str] = {
    plain(word): stage for stage, words in _STAGE_WORDS.items() for word in (*words, stage)
}
WON = frozenset(plain(word) for word in _WON_WORDS)
LOST = frozenset(plain(word) for word in _LOST_WORDS)


def stage_of(text: str, chosen: Mapping[str, str] | None = None) -> str | None:
    """Our stage for a file's stage text (None when neither the table nor the rep's own
    choices know it); `chosen` maps the file's stage text to ours and wins."""
    key = plain(text)
    for theirs, ours in (chosen or {}).items():
        if plain(theirs) == key:
            return ours
    return STAGE_TABLE.get(key)


def outcome_of(text: str) -> str | None:
    """'won' or 'lost' for a closed stage that says which."""
    key = plain(text)
    return "won" if key in WON else "lost" if key in LOST else None


assert set(STAGE_TABLE.values()) <= set(STAGES)
