"""`treso …` commands. They use DATABASE_URL like the app and call the same services.

Every failure ends in one French sentence on stderr and a non-zero exit code: 1 for a
refusal Tréso explains (a TresoError), 2 for a wrong command line or an unexpected error.
Tracebacks and the services' logs are shown only with `treso --debug …`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from treso_app.domain.errors import TresoError, os_reason

log = logging.getLogger(__name__)
UNEXPECTED = (
    "Erreur inattendue ({kind}) : rien de plus n'a été enregistré. Relancez la commande avec "
    "« treso --debug … » pour le détail technique."
)
# argparse's own sentences (it has no French catalogue), by their English text.
_ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "un de ces arguments est obligatoire : %s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "valeur %(value)r illisible",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix %(value)r inconnu (au choix : %(choices)s)"
    ),
    "ignored explicit argument %r": "valeur %r inattendue",
    "not allowed with argument %s": "incompatible avec %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s (voir %(prog)s -h)\n",
}


@contextlib.contextmanager
def _french_argparse() -> Iterator[None]:
    """argparse looks its texts up through its module's `_` at call time: French while
    the command line is built and read, argparse as it was afterwards."""
    english = argparse._
    argparse._ = lambda text: _ARGPARSE_FR.get(text, english(text))
    try:
        yield
    finally:
        argparse._ = english


def main(argv: list[str] | None = None) -> int:
    with _french_argparse():
        args = _parser().parse_args(argv)
    _logging(args.debug)
    try:
        return _run(args)
    except TresoError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrompu : rien de plus n'a été enregistré.", file=sys.stderr)
        return 130
    except Exception as error:
        if args.debug:
            raise
        log.exception("Unexpected error in treso %s", args.command)
        print(UNEXPECTED.format(kind=type(error).__name__), file=sys.stderr)
        return 2


def _logging(debug: bool) -> None:
    """With --debug, the services' logs and tracebacks on stderr; without, nowhere (a
    NullHandler keeps Python from printing them as a last resort)."""
    root = logging.getLogger()
    if debug:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    elif not root.handlers:
        root.addHandler(logging.NullHandler())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="treso", description="Tréso — pilotage de trésorerie (base : DATABASE_URL)."
    )
    parser.add_argument(
        "--debug", action="store_true", help="affiche le détail technique d'une erreur"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    db = commands.add_parser("db", help="schéma de la base de données")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="applique les migrations (alembic upgrade head)")
    backup = db_commands.add_parser(
        "backup", help="copie vérifiée de la base SQLite (sauvegardes/ à côté d'elle par défaut)"
    )
    backup.add_argument("target", nargs="?", type=Path, help="fichier ou dossier de destination")

    demo = commands.add_parser("demo", help="charge l'entreprise de démonstration")
    demo.add_argument(
        "--reset",
        action="store_true",
        help="remplace l'entreprise de démonstration si elle existe déjà",
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help="ne fait rien si la base contient déjà une entreprise",
    )
    demo.add_argument(
        "--kind",
        default="plombier",
        choices=("plombier", "commerce", "agence"),
        help="plombier (par défaut), commerce (épicerie fine et cave) ou agence (communication)",
    )
    demo.add_argument(
        "--export",
        metavar="DOSSIER",
        type=Path,
        help="écrit les fichiers qu'aurait son dirigeant (relevés OFX et CSV, tableurs des "
        "factures clients et fournisseurs) au lieu de la charger",
    )

    imports = commands.add_parser(
        "import", help="importe des relevés bancaires (OFX, CSV, CAMT.053, CFONB 120)"
    )
    imports.add_argument("files", nargs="+", metavar="FICHIER", type=Path)
    imports.add_argument(
        "--account",
        metavar="ID_OU_IBAN",
        help="compte destinataire (n° ou IBAN ; un IBAN inconnu crée le compte)",
    )
    imports.add_argument(
        "--company",
        metavar="ID_OU_NOM",
        help="entreprise (créée si ce nom est nouveau ; « demo » pour la démonstration)",
    )
    imports.add_argument(
        "--confirm-old",
        action="store_true",
        help="importe aussi un relevé de plus de 90 jours qui crée un nouveau compte",
    )
    imports.add_argument("--json", action="store_true", help="un objet JSON par fichier")

    forecast = commands.add_parser("forecast", help="prévision de trésorerie jour par jour")
    forecast.add_argument("--horizon", type=int, default=90, metavar="JOURS", help="1 à 730")
    forecast.add_argument(
        "--scenario",
        default="realiste",
        help="optimiste, realiste, pessimiste ou le nom d'un scénario enregistré",
    )
    forecast.add_argument("--as-of", metavar="AAAA-MM-JJ", help="prévoir comme si on était ce jour")
    forecast.add_argument("--company", metavar="ID_OU_NOM")
    forecast.add_argument("--json", action="store_true", help="la prévision en JSON")

    match = commands.add_parser(
        "reconcile", help="rapproche les lignes bancaires des factures clients et fournisseurs"
    )
    match.add_argument("--company", metavar="ID_OU_NOM")
    match.add_argument("--json", action="store_true", help="le compte rendu en JSON")

    chase = commands.add_parser("reminders", help="relances des factures clients")
    chase_commands = chase.add_subparsers(dest="reminders_command", required=True, metavar="ACTION")
    run = chase_commands.add_parser(
        "run", help="envoie les relances du jour (e-mail via SMTP_*, sinon « à faire »)"
    )
    run.add_argument("--dry-run", action="store_true", help="montre sans rien envoyer")
    run.add_argument("--company", metavar="ID_OU_NOM")
    run.add_argument("--json", action="store_true", help="un objet JSON par relance")

    for name, what in (("invoices", "factures clients"), ("bills", "factures fournisseurs")):
        sheet = commands.add_parser(name, help=f"{what} : import d'un tableur")
        sheet_commands = sheet.add_subparsers(dest="sheet_command", required=True, metavar="ACTION")
        load = sheet_commands.add_parser("import", help=f"importe des {what} (CSV ou XLSX)")
        load.add_argument("file", metavar="FICHIER", type=Path)
        load.add_argument("--company", metavar="ID_OU_NOM")

    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "db" and args.db_command == "backup":
        return _db_backup(args.target)
    if args.command == "db":
        return _db_upgrade()
    if args.command == "import":
        return _import(args.files, args.account, args.company, args.confirm_old, args.json)
    if args.command == "forecast":
        return _forecast(args.horizon, args.scenario, args.as_of, args.company, args.json)
    if args.command == "reminders":
        return _reminders(args.dry_run, args.company, args.json)
    if args.command == "reconcile":
        return _reconcile(args.company, args.json)
    if args.command in ("invoices", "bills"):
        return _sheet(args.command, args.file, args.company)
    if args.export:
        return _demo_export(args.export, args.kind)
    return _demo(reset=args.reset, if_empty=args.if_empty, kind=args.kind)


def _db_upgrade() -> int:
    from treso_app.db.migrate import upgrade

    upgrade()
    print("Base de données à jour.")
    return 0


def _db_backup(target: Path | None) -> int:
    from treso_app.services.backup import backup_database

    print(backup_database(target).message)
    return 0


def _demo(reset: bool, if_empty: bool, kind: str) -> int:
    from treso_app.services.demo import company_count, load_demo

    if if_empty and company_count():
        print("La base contient déjà une entreprise : démonstration non chargée.")
        return 0
    from treso_app.demo.generator import PROFILES
    from treso_app.services.companies import company_label

    # A reset touches only the demo, and only if unused.
    company_id = load_demo(reset=reset, kind=kind)
    name, _ = company_label(company_id)
    print(f"Entreprise de démonstration prête : {name} (id {company_id}).")
    if name != PROFILES[kind].name:
        print(f"C'est la démonstration déjà chargée ; --reset --kind {kind} la remplace.")
    return 0


def _demo_export(folder: Path, kind: str) -> int:
    from treso_app.demo.export import export
    from treso_app.demo.generator import build
    from treso_app.domain.calendar import today_paris

    try:
        paths = export(build(today_paris(), kind=kind), folder)
    except OSError as error:
        raise TresoError(f"dossier {folder} inutilisable : {os_reason(error)}.") from None
    for path in paths:
        print(path)
    print(f"{len(paths)} fichiers écrits dans {folder} (démonstration « {kind} »).")
    return 0


def _import(
    files: list[Path], account: str | None, company: str | None, confirm_old: bool, as_json: bool
) -> int:
    from treso_app.domain.limits import FileLimit, FileTooLarge
    from treso_app.services.accounts import resolve_account
    from treso_app.services.bookkeeping import after_import
    from treso_app.services.companies import is_demo, resolve_company
    from treso_app.services.files import read_file
    from treso_app.services.imports import Question, import_file
    from treso_app.ui.format import money

    company_id = resolve_company(company, for_import=True)
    into_demo = bool(company) and is_demo(company_id)  # only when named: --company demo
    account_id = resolve_account(company_id, account) if account else None
    refused, new = 0, 0
    for path in files:
        try:
            data = read_file(path, FileLimit.STATEMENT)
        except FileTooLarge as error:
            refused += 1
            _print_result(
                as_json, {"file": str(path), "status": "refused", "message": error.message}
            )
            continue
        except OSError as error:
            refused += 1
            _print_result(
                as_json,
                {
                    "file": str(path),
                    "status": "refused",
                    "format": None,
                    "read": 0,
                    "new": 0,
                    "duplicates": 0,
                    "message": f"Fichier illisible : {os_reason(error)}.",
                },
            )
            continue
        result = import_file(
            company_id,
            path.name,
            data,
            account_id=account_id,
            source="cli",
            confirm_old=confirm_old,
            into_demo=into_demo,
            bookkeeping=False,  # once, after every file's summary
        )
        new += result.new if result.imported else 0
        if result.question == Question.OLD_STATEMENT:
            result.message += " Relancez avec --confirm-old pour l'importer quand même."
        refused += not result.imported
        payload = result.as_json() | {"file": str(path)}
        if as_json:
            _print_result(True, payload)
            continue
        if result.imported:
            print(f"{path} : {result.format} — {result.message}")
        else:  # a refusal names its file already, or is about every file (the demo)
            print(
                result.message if result.message.startswith("«") else f"{path} : {result.message}"
            )
        for statement in result.statements:
            gap = statement.balance_gap_cents
            if gap:
                print(
                    f"  {statement.account_name} : solde du relevé "
                    f"{money(statement.closing_cents)}, solde Tréso "
                    f"{money(statement.computed_cents)} (écart {money(gap)})."
                )
        for note in result.notes:
            print(f"  {note}")
    if new:  # categories, reconciliation, recurring flows: over all the new lines at once
        after_import(company_id)
    return 1 if refused else 0


def _forecast(horizon: int, scenario: str, as_of: str | None, company: str | None, as_json: bool):
    from datetime import date

    from treso_app.domain.bounds import check_date
    from treso_app.domain.calendar import today_paris
    from treso_app.domain.forecast import PRESETS, monthly_table
    from treso_app.i18n import t
    from treso_app.services import scenarios
    from treso_app.services.companies import resolve_company
    from treso_app.services.forecast import company_forecast
    from treso_app.ui.format import money, short_date
    from treso_app.ui.safe_until import risk_words, safe_until_sentence

    if not 1 <= horizon <= 730:
        raise TresoError("l'horizon va de 1 à 730 jours.")
    try:
        day = date.fromisoformat(as_of) if as_of else today_paris()
    except ValueError as error:
        raise TresoError(f"date « {as_of} » illisible (AAAA-MM-JJ attendu).") from error
    check_date(day, "la date de --as-of")
    company_id = resolve_company(company)
    chosen = PRESETS.get(scenario)
    if chosen is None:  # a scenario saved in the planner, by its name
        saved = {s.name: s for s in scenarios.saved(company_id)}
        if scenario not in saved:
            known = ", ".join([*PRESETS, *saved])
            raise TresoError(f"scénario « {scenario} » inconnu : {known}.")
        chosen = saved[scenario].plan.scenario(scenario)
    found = company_forecast(day, horizon, chosen, company_id)
    result = found.result
    if as_json:
        print(json.dumps({
            "as_of": day.isoformat(),
            "horizon_days": horizon,
            "scenario": scenario,
            "series": [
                {"date": d.isoformat(), "realistic": int(r), "p10": int(a), "p50": int(b),
                 "p90": int(c)}
                for d, r, a, b, c in zip(result.days, result.realistic, result.p10, result.p50,
                                         result.p90, strict=True)
            ],
            "lowest": {"date": result.lowest_on.isoformat(), "balance_cents": result.lowest_cents},
            "safe_until": result.safe_until.isoformat() if result.safe_until else None,
            "under_since": result.under_since.isoformat() if result.under_since else None,
            "probability_below": result.probability_below,
            "stale_accounts": [
                {"account": a.name, "balance_cents": a.balance_cents,
                 "balance_on": a.balance_on.isoformat() if a.balance_on else None}
                for a in found.stale_accounts
            ],
            "monthly": [
                {"month": m.month, "through": m.through.isoformat(), "partial": m.partial,
                 "inflows_cents": m.inflows_cents, "outflows_cents": m.outflows_cents,
                 "by_category": m.by_category, "inflows_by_category": m.inflows_by_category,
                 "outflows_by_category": m.outflows_by_category}
                for m in monthly_table(result)
            ],
        }, ensure_ascii=False))  # fmt: skip
        return 0
    safe = safe_until_sentence(result.safe_until, result.under_since, day, t("safe_whole_horizon"))
    name = t(f"preset_{scenario}").lower() if scenario in PRESETS else f"« {scenario} »"
    print(f"Prévision {name} sur {horizon} jours à partir du {short_date(day)}")
    for account in found.stale_accounts:  # their balance counts, but it is not today's
        known = (
            f"connu au {short_date(account.balance_on)}" if account.balance_on else "jamais relevé"
        )
        print(
            f"  Attention : solde de départ de « {account.name} » ({money(account.balance_cents)}) "
            f"{known} — importez un relevé récent."
        )
    print(f"  {safe}")
    print(f"  Point bas : {money(result.lowest_cents)} le {short_date(result.lowest_on)}")
    print(f"  {risk_words(result.probability_below, result.under_since)}")
    return 0


def _reminders(dry_run: bool, company: str | None, as_json: bool) -> int:
    from dataclasses import asdict

    from treso_app.domain.calendar import today_paris
    from treso_app.i18n import tn
    from treso_app.services.companies import resolve_company
    from treso_app.services.reminders import send_reminders

    outcomes = send_reminders(resolve_company(company), today_paris(), dry_run=dry_run)
    for outcome in outcomes:
        if as_json:
            print(json.dumps(asdict(outcome), ensure_ascii=False))
        else:
            print(f"{outcome.number} {outcome.client} — {outcome.title} : {outcome.message}")
    if not as_json:
        print(f"{tn('count_reminders', len(outcomes))}{' (simulation)' if dry_run else ''}.")
    return 1 if any(o.result == "échec" for o in outcomes) else 0


def _reconcile(company: str | None, as_json: bool) -> int:
    from treso_app.i18n import tn
    from treso_app.services.companies import resolve_company
    from treso_app.services.reconcile import reconcile
    from treso_app.ui.format import money, short_date

    report = reconcile(resolve_company(company))
    if as_json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return 0
    for match in report.applied:
        print(
            f"{short_date(match.booked_on)} {money(match.amount_cents, signed=True)} "
            f"{match.label} → {', '.join(match.documents)} ({match.reasons})"
        )
    waiting = tn("reconcile_waiting", report.suggested)
    print(tn("reconcile_cli_summary", len(report.applied), waiting=waiting))
    return 0


def _sheet(kind: str, path: Path, company: str | None) -> int:
    from treso_app.domain.limits import FileLimit
    from treso_app.services.companies import resolve_company
    from treso_app.services.files import read_file
    from treso_app.services.spreadsheets import import_sheet

    try:
        data = read_file(path, FileLimit.SPREADSHEET)
    except OSError as error:
        raise TresoError(f"fichier {path} illisible : {os_reason(error)}.") from None
    result = import_sheet(resolve_company(company), kind, path.name, data)
    print(f"{path} : {result.summary}")
    return 0


def _print_result(as_json: bool, payload: dict) -> None:
    if as_json:
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(f"{payload['file']} : {payload['message']}")


if __name__ == "__main__":
    raise SystemExit(main())
