import pytest
from domain.access.model import Role
from pages._ui.navigation import ALL_PAGES

@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_probe(open_app, add_user):
    admin = add_user(Role.ADMIN)
    at = open_app(admin.email, admin.password)
    print("registered", {k: (v.get("script_path"), v.get("url_pathname")) for k, v in at._registered_pages.items()})
    print("sidebar", [m.value for m in at.sidebar.markdown])
    for spec in ALL_PAGES:
        try:
            at.switch_page(spec[0]).run()
        except ValueError as e:
            print(spec[0], "ValueError", str(e)[:80]); continue
        print(spec[0], [t.value for t in at.title], [e.value for e in at.exception], [e.value for e in at.error],
              [m.label + "=" + str(m.value) for m in at.metric], len(at.dataframe))
    at.switch_page("pages/staff/admin_numbering.py").run()
    print(at.dataframe[0].value)
    at.switch_page("pages/staff/admin_subscription.py").run()
    for d in at.dataframe: print(d.value)
