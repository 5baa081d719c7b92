"""`treso …` commands. They use DATABASE_URL like the app and call the same services."""

from __future__ import annotations

import argparse
import sys

from treso_app.domain.errors import TresoError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="treso", description="Tréso — pilotage de trésorerie (base : DATABASE_URL)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    db = commands.add_parser("db", help="schéma de la base de données")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="applique les migrations (alembic upgrade head)")

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

    args = parser.parse_args(argv)
    try:
        if args.command == "db":
            return _db_upgrade()
        return _demo(reset=args.reset, if_empty=args.if_empty)
    except TresoError as error:
        print(f"Erreur : {error.message}", file=sys.stderr)
        return 1


def _db_upgrade() -> int:
    from treso_app.db.migrate import upgrade

    upgrade()
    print("Base de données à jour.")
    return 0


def _demo(reset: bool, if_empty: bool) -> int:
    from treso_app.services.demo import company_count, load_demo

    if if_empty and company_count():
        print("La base contient déjà une entreprise : démonstration non chargée.")
        return 0
    company_id = load_demo(reset=reset)
    print(f"Entreprise de démonstration prête (id {company_id}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
