"""Password policy of CNIL deliberation 2022-100 for password-only access.

Accepted: at least 12 characters mixing upper case, lower case, digits and special characters,
or at least 14 characters mixing upper case, lower case and digits. Refused on top of that:
passwords built on the user's e-mail or the firm's name, and guessable ones (common passwords,
keyboard walks, dates), judged by zxcvbn.
"""

import secrets
import string
import unicodedata

from zxcvbn import zxcvbn

MIN_ZXCVBN_SCORE = 3

# zxcvbn's dictionaries are English; these French favourites are fed to it as extra words.
FRENCH_COMMON_WORDS = (
    "motdepasse", "azerty", "azertyuiop", "bonjour", "soleil", "doudou", "marseille", "loulou",
    "chouchou", "bienvenue", "secret", "france", "paris", "cabinet", "comptable", "expert",
    "expertcomptable", "administrateur", "utilisateur", "connexion", "amour", "jetaime",
)
MAX_LENGTH = 256


GUESSABLE = ("Ce mot de passe est trop facile à deviner (mot courant, suite de touches, date…). "
             "Choisissez une phrase ou une combinaison moins prévisible.")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalnum())


def _classes(password: str) -> dict[str, bool]:
    return {
        "upper": any(c.isupper() for c in password),
        "lower": any(c.islower() for c in password),
        "digit": any(c.isdigit() for c in password),
        "special": any(not c.isalnum() for c in password),
    }


def composition_problem(password: str) -> str | None:
    has = _classes(password)
    mixed = has["upper"] and has["lower"] and has["digit"]
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe ne doit pas dépasser {MAX_LENGTH} caractères."
    if len(password) >= 14 and mixed:
        return None
    if len(password) >= 12 and mixed and has["special"]:
        return None
    return ("Le mot de passe doit contenir au moins 12 caractères avec des majuscules, des minuscules, "
            "des chiffres et des caractères spéciaux, ou au moins 14 caractères avec des majuscules, "
            "des minuscules et des chiffres.")


def _personal_words(email: str, firm_name: str) -> list[str]:
    local = email.split("@")[0]
    words = [local, *local.replace(".", " ").replace("-", " ").replace("_", " ").split(), firm_name,
             *firm_name.split()]
    return [w for w in (_fold(w) for w in words) if len(w) >= 4]


def password_problems(password: str, email: str = "", firm_name: str = "") -> list[str]:
    """Every reason to refuse `password`, in French; an empty list means it is accepted."""
    problems = []
    if (problem := composition_problem(password)) is not None:
        problems.append(problem)
    folded = _fold(password)
    if any(word in folded for word in _personal_words(email, firm_name)):
        problems.append("Le mot de passe ne doit pas reprendre votre adresse e-mail ni le nom du cabinet.")
    letters = "".join(c for c in folded if c.isalpha())
    if not problems and letters in FRENCH_COMMON_WORDS:
        problems.append(GUESSABLE)
    if not problems and zxcvbn(password[:100], user_inputs=[email, firm_name, *FRENCH_COMMON_WORDS])["score"] < MIN_ZXCVBN_SCORE:
        problems.append(GUESSABLE)
    return problems


_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")
_SPECIALS = "-_!?@#%+="


def temporary_password(length: int = 16) -> str:
    """A random password that meets the policy, to be changed at first sign-in."""
    while True:
        body = [secrets.choice(_ALPHABET) for _ in range(length - 2)]
        body.insert(secrets.randbelow(len(body)), secrets.choice(_SPECIALS))
        body.insert(secrets.randbelow(len(body)), secrets.choice(string.digits[2:]))
        candidate = "".join(body)
        if composition_problem(candidate) is None:
            return candidate
