from domain.access.model import Role


def test_signed_out_visitor_only_gets_the_sign_in_link(open_app):
    at = open_app(None)
    assert not at.exception
    assert at.title[0].value == "Connexion requise"


def test_admin_sees_the_users_page(open_app, add_user):
    admin = add_user(Role.ADMIN)
    at = open_app(admin.email, admin.password, "pages/staff/admin_users.py")
    assert not at.exception
    assert at.title[0].value == "Utilisateurs"
