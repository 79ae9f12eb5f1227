"""User management pages: Admin Pemda only, own Pemda only, a temporary password shown once."""

from __future__ import annotations

from lindung.accounts.models import Role, User
from lindung.tests.base import PASSWORD, BaseTestCase


class UserPagesTest(BaseTestCase):
    def test_only_an_admin_pemda_or_a_superuser_opens_the_user_pages(self) -> None:
        for name, user in self.personas().items():
            expected = 200 if name in ("admin", "outsider", "root") else 403
            with self.subTest(persona=name):
                self.client.force_login(user)
                self.assertEqual(self.client.get("/akun/pengguna/").status_code, expected)
                self.assertEqual(self.client.get("/akun/pengguna/tambah/").status_code, expected)

    def test_the_list_shows_own_pemda_accounts_and_no_superuser(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/akun/pengguna/")
        names = {u.username for u in response.context["users"]}
        self.assertEqual(names, {"admin", "operator", "bpjs", "disnaker", "perizinan", "pimpinan"})

    def test_another_pemdas_account_and_a_superuser_are_not_found(self) -> None:
        self.client.force_login(self.admin)
        for user in (self.outsider, self.root):
            for url in (f"/akun/pengguna/{user.pk}/",):
                self.assertEqual(self.client.get(url).status_code, 404)
            response = self.client.post(f"/akun/pengguna/{user.pk}/aktif/", {"active": "0"})
            self.assertEqual(response.status_code, 404)
            self.assertEqual(self.client.post(f"/akun/pengguna/{user.pk}/sandi/").status_code, 404)
        self.outsider.refresh_from_db()
        self.assertTrue(self.outsider.is_active)

    def test_an_admin_adds_an_operator_and_sees_the_password_once(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            "/akun/pengguna/tambah/",
            {"username": "op-baru", "role": Role.OPERATOR_OPD, "opds": [self.opd.pk]},
        )
        self.assertEqual(response.status_code, 200)
        password = response.context["password"]
        self.assertContains(response, password)
        user = User.objects.get(username="op-baru")
        self.assertEqual((user.pemda, user.role), (self.pemda, Role.OPERATOR_OPD))
        self.assertTrue(user.check_password(password))
        # A foreign OPD is no choice of the form.
        response = self.client.post(
            "/akun/pengguna/tambah/",
            {"username": "op-lain", "role": Role.OPERATOR_OPD, "opds": [self.foreign_opd.pk]},
        )
        self.assertFalse(User.objects.filter(username="op-lain").exists())
        self.assertTrue(response.context["form"].errors["opds"])

    def test_an_admin_cannot_deactivate_themself(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            f"/akun/pengguna/{self.admin.pk}/aktif/", {"active": "0"}, follow=True
        )
        self.assertContains(response, "Anda tidak dapat menonaktifkan akun Anda sendiri.")
        self.admin.refresh_from_db()
        self.assertTrue(self.admin.is_active)

    def test_a_deactivated_user_is_logged_out_and_a_reset_user_must_change_the_password(
        self,
    ) -> None:
        bpjs = self.client_class()
        bpjs.force_login(self.bpjs)
        self.client.force_login(self.admin)
        self.client.post(f"/akun/pengguna/{self.bpjs.pk}/aktif/", {"active": "0"})
        response = self.client.post(f"/akun/pengguna/{self.operator.pk}/sandi/")
        password = response.context["password"]
        self.client.logout()
        self.assertRedirects(bpjs.get("/registri/opd/"), "/akun/masuk/?next=/registri/opd/")
        login = {"username": "bpjs", "password": PASSWORD}
        self.assertEqual(self.client.post("/akun/masuk/", login).status_code, 200)  # refused
        login = {"username": "operator", "password": password}
        self.assertEqual(self.client.post("/akun/masuk/", login).status_code, 302)
        response = self.client.get("/registri/opd/")
        self.assertRedirects(response, "/akun/sandi/")
        response = self.client.post(
            "/akun/sandi/",
            {
                "old_password": password,
                "new_password1": "Sandi-baru-yang-panjang-7",
                "new_password2": "Sandi-baru-yang-panjang-7",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get("/registri/opd/").status_code, 200)

    def test_a_login_is_no_account_change_in_the_history(self) -> None:
        rows = self.bpjs.history.count()  # type: ignore[attr-defined]
        login = {"username": "bpjs", "password": PASSWORD}
        self.assertEqual(self.client.post("/akun/masuk/", login).status_code, 302)
        self.bpjs.refresh_from_db()
        self.assertIsNotNone(self.bpjs.last_login)
        self.assertEqual(self.bpjs.history.count(), rows)  # type: ignore[attr-defined]
