"""CNIL deliberation 2022-100 password policy (domain/access/passwords.py)."""

import string

import pytest

from domain.access.passwords import GUESSABLE, MAX_LENGTH, composition_problem, password_problems, temporary_password

# Random-looking passwords, chosen so that no dictionary word, date or keyboard walk appears in them.
TWELVE_WITH_SPECIAL = "Vq8#kT2!zRw5"  # 12 chars: upper, lower, digit, special
FOURTEEN_WITHOUT_SPECIAL = "Kq7vX2mLp9ZrTw"  # 14 chars: upper, lower, digit


def test_the_sample_passwords_have_the_lengths_the_tests_rely_on():
    assert len(TWELVE_WITH_SPECIAL) == 12
    assert len(FOURTEEN_WITHOUT_SPECIAL) == 14


def test_a_twelve_character_password_mixing_the_four_classes_is_accepted():
    assert password_problems(TWELVE_WITH_SPECIAL) == []


def test_a_fourteen_character_password_needs_no_special_character():
    assert password_problems(FOURTEEN_WITHOUT_SPECIAL) == []


def test_a_thirteen_character_password_without_special_character_is_refused():
    problems = password_problems(FOURTEEN_WITHOUT_SPECIAL[:13])
    assert len(problems) == 1
    assert "au moins 12 caractères" in problems[0]
    assert "au moins 14 caractères" in problems[0]


def test_an_eleven_character_password_is_refused_even_with_the_four_classes():
    assert composition_problem(TWELVE_WITH_SPECIAL[:11]) is not None


@pytest.mark.parametrize(
    "password",
    [
        "Vq#kT!zRwPmXb",  # no digit
        "vq8#kt2!zrw5pm",  # no upper case
        "VQ8#KT2!ZRW5PM",  # no lower case
        "kq7vx2mlp9zrtwhb",  # 16 chars, no upper case, no special
    ],
    ids=["no-digit", "no-upper", "no-lower", "long-but-no-upper"],
)
def test_a_password_missing_a_character_class_is_refused(password):
    problems = password_problems(password)
    assert problems
    assert "majuscules" in problems[0]


def test_a_password_of_exactly_the_maximum_length_passes_the_composition_rule():
    password = "Aa1!" * 64
    assert len(password) == MAX_LENGTH == 256
    assert composition_problem(password) is None


def test_a_password_longer_than_256_characters_is_refused():
    password = "Aa1!" * 64 + "x"
    problems = password_problems(password)
    assert problems[0] == "Le mot de passe ne doit pas dépasser 256 caractères."


def test_a_password_built_on_the_email_local_part_is_refused():
    problems = password_problems("Moreau#Fiscal82", email="jeanne.moreau@example.fr")
    assert problems == ["Le mot de passe ne doit pas reprendre votre adresse e-mail ni le nom du cabinet."]


def test_a_password_containing_the_whole_email_local_part_is_refused():
    assert password_problems("Jmoreau75!Kqz", email="jmoreau75@example.fr") == [
        "Le mot de passe ne doit pas reprendre votre adresse e-mail ni le nom du cabinet."
    ]


def test_a_password_built_on_the_firm_name_is_refused_even_without_its_accents():
    problems = password_problems("Lefevre!Audit93", firm_name="Cabinet Lefèvre Associés")
    assert "Le mot de passe ne doit pas reprendre votre adresse e-mail ni le nom du cabinet." in problems


def test_short_words_of_the_email_do_not_forbid_a_strong_password():
    # "jo" and "le" are under four letters: they must not make every password containing them fail
    # (the whole local part, folded to "jole", is still forbidden).
    assert password_problems("Vq8#kT2!zRwjo5le", email="jo.le@example.fr") == []
    assert password_problems("Vq8#kT2!zRw5jole", email="jo.le@example.fr") != []


def test_a_strong_password_unrelated_to_the_user_is_accepted_with_email_and_firm_given():
    assert password_problems(TWELVE_WITH_SPECIAL, email="jeanne.moreau@example.fr",
                             firm_name="Cabinet Moreau") == []


@pytest.mark.parametrize("password", ["Azerty123456!", "Motdepasse2024!", "Password123!", "Azertyuiop1!"])
def test_a_common_or_guessable_password_is_refused(password):
    # Each of these passes the composition rule on its own, so only the guessability check refuses it.
    assert composition_problem(password) is None
    assert password_problems(password) == [GUESSABLE]


def test_a_temporary_password_always_meets_the_policy():
    for _ in range(200):
        password = temporary_password()
        assert len(password) == 16
        assert password_problems(password) == [], password


def test_a_temporary_password_contains_a_digit_and_a_special_character():
    for _ in range(200):
        password = temporary_password()
        assert any(c in string.digits for c in password)
        assert any(c in "-_!?@#%+=" for c in password)


def test_a_temporary_password_avoids_characters_that_are_easy_to_misread():
    for _ in range(200):
        assert not set(temporary_password()) & set("Il1O0o")


def test_temporary_passwords_are_random():
    passwords = {temporary_password() for _ in range(200)}
    assert len(passwords) == 200


def test_a_temporary_password_can_be_made_longer():
    password = temporary_password(24)
    assert len(password) == 24
    assert composition_problem(password) is None
