from domain.access.services import sign_in


def test_a_new_firm_admin_can_sign_in_with_the_temporary_password(firm):
    signed = sign_in(firm.container.platform_uow(), firm.container.hasher, firm.container.clock,
                     firm.admin_email, firm.admin_password)
    assert signed.user.email == firm.admin_email
    assert signed.user.must_change_password is True
