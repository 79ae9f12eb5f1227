"""A deterministic synthetic city, modeled on published figures for Kota Pekalongan.

About 35 OPDs of real kinds and ~4,000 non-ASN workers, ~300 of them with an SK Walikota
(rakor BPJS TK - Pemkot Pekalongan, July 2020: 294 with SK, 3,682 without). Names are
realistic Indonesian names; NIKs are valid for the region and agree with birth date and sex.
Rows go in with bulk inserts in chunks, so a million workers take minutes, not hours.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from lindung.lib.nik import make_nik
from lindung.lib.regions import regency_name
from lindung.registry.fastinsert import insert_with_history, reserve_ids
from lindung.registry.models import Engagement, Opd, Pemda, Person
from lindung.registry.services import pemda_setup

CHUNK = 5_000
DEMO_REASON = "Data demo"

# (code, name, kind, JKK risk group, relative weight of its non-ASN workforce)
OPDS: list[tuple[str, str, str, int, int]] = [
    ("SETDA", "Sekretariat Daerah", "sekretariat", 1, 14),
    ("SETWAN", "Sekretariat DPRD", "sekretariat", 1, 6),
    ("INSP", "Inspektorat", "badan", 1, 2),
    (
        "BAPPEDA",
        "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "badan",
        1,
        3,
    ),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", 1, 4),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", 1, 2),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan", 1, 3),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", 3, 3),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", 1, 1),
    ("DINDIK", "Dinas Pendidikan", "dinas", 1, 30),
    ("DINKES", "Dinas Kesehatan", "dinas", 2, 14),
    ("RSUD", "RSUD Bendan", "rsud", 2, 18),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", 3, 9),
    ("DPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "dinas", 2, 4),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "dinas", 3, 10),
    ("DAMKAR", "Dinas Pemadam Kebakaran", "dinas", 4, 5),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", 3, 22),
    ("DISHUB", "Dinas Perhubungan", "dinas", 3, 8),
    ("DINSOS", "Dinas Sosial, Pemberdayaan Perempuan, Perlindungan Anak dan KB", "dinas", 1, 5),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", 1, 4),
    ("DINKOMINFO", "Dinas Komunikasi dan Informatika", "dinas", 1, 4),
    ("DINDAGKOP", "Dinas Perdagangan, Koperasi dan UKM", "dinas", 2, 6),
    ("DINPERINAKER", "Dinas Perindustrian dan Tenaga Kerja", "dinas", 1, 3),
    ("DKP", "Dinas Kelautan dan Perikanan", "dinas", 3, 4),
    ("DINPERTAN", "Dinas Pertanian dan Pangan", "dinas", 2, 3),
    ("DINPARBUDPORA", "Dinas Pariwisata, Kebudayaan, Kepemudaan dan Olahraga", "dinas", 1, 4),
    ("DINPUSIP", "Dinas Perpustakaan dan Kearsipan", "dinas", 1, 3),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dinas", 1, 2),
    ("KEC-BARAT", "Kecamatan Pekalongan Barat", "kecamatan", 1, 3),
    ("KEC-TIMUR", "Kecamatan Pekalongan Timur", "kecamatan", 1, 3),
    ("KEC-UTARA", "Kecamatan Pekalongan Utara", "kecamatan", 1, 3),
    ("KEC-SELATAN", "Kecamatan Pekalongan Selatan", "kecamatan", 1, 3),
    ("KEL-PODOSUGIH", "Kelurahan Podosugih", "kelurahan", 1, 1),
    ("KEL-KRAPYAK", "Kelurahan Krapyak", "kelurahan", 1, 1),
    ("KEL-PANJANG", "Kelurahan Panjang Wetan", "kelurahan", 1, 1),
    ("KEL-KURIPAN", "Kelurahan Kuripan Kidul", "kelurahan", 1, 1),
]

MALE = (
    "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Hadi Hendra Imam Joko Khoirul "
    "Lukman Muhammad Nur Rizki Slamet Sugeng Teguh Wahyu Yusuf Zainal Bayu Irfan Fikri "
    "Taufik Ridwan Anwar Ilham Gilang Rudi Heru Sutrisno Mulyono Purnomo Kurniawan"
).split()
FEMALE = (
    "Siti Sri Dewi Nur Rina Ani Endang Fitri Lestari Wulan Ayu Dian Indah Kartika Lia "
    "Maya Nurul Ratna Retno Sari Tri Umi Wahyuni Yuli Anisa Khusnul Laila Puji Rahmawati "
    "Eka Novita Desi Susanti Mei Rohmah Zahra"
).split()
SURNAMES = (
    "Santoso Wibowo Saputra Hidayat Nugroho Prasetyo Setiawan Kurniawan Rahmawati Lestari "
    "Hartono Susilo Wijaya Pratama Maulana Rahayu Handayani Purwanti Ramadhan Firmansyah "
    "Syahputra Utomo Wicaksono Suryani Fauzi Hakim Mubarok Anshori Hasanah Azizah"
).split()
TITLES = ("S.Pd.", "S.Kom.", "A.Md.", "S.E.", "S.Kep.", "A.Md.Kep.", "S.H.", "S.Sos.")

# Districts of Kota Pekalongan (3375) and neighbouring regencies whose NIKs city workers hold.
HOME_REGENCIES = (("3375", 4, 80), ("3326", 19, 12), ("3325", 15, 8))

CATEGORIES = (("kontrak", 40), ("kegiatan", 35), ("honorer", 18), ("alih_daya", 7))
SK_SHARE = 0.075


@dataclass
class DemoResult:
    pemda: Pemda
    opds: int
    workers: int
    ended: int


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _name(rng: random.Random, sex: str) -> str:
    first = rng.choice(MALE if sex == "L" else FEMALE)
    parts = [first]
    if rng.random() < 0.6:
        parts.append(rng.choice(SURNAMES))
    if rng.random() < 0.12:
        parts.insert(0, "H." if sex == "L" else "Hj.")
    name = " ".join(parts)
    if rng.random() < 0.15:
        name += ", " + rng.choice(TITLES)
    return name


def _people(rng: random.Random, count: int, code: str) -> Iterator[dict]:
    """Yield worker facts; NIK serials are unique per (district, birth date, sex)."""
    used: dict[str, int] = {}
    homes = HOME_REGENCIES if code == "3375" else ((code, 4, 100),)
    regencies = tuple((r, d) for r, d, _w in homes)
    weights = [w for _r, _d, w in homes]
    for _ in range(count):
        sex = "L" if rng.random() < 0.55 else "P"
        regency, districts = rng.choices(regencies, weights=weights)[0]
        district = rng.randint(1, districts)
        birth = date(1966, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
        while True:
            prefix = make_nik(
                regency_code=regency, district=district, birth_date=birth, sex=sex, serial=1
            )[:12]
            serial = used.get(prefix, 0) + 1
            if serial <= 9999:
                break
            birth += timedelta(days=1)
        used[prefix] = serial
        yield {
            "nik": f"{prefix}{serial:04d}",
            "name": _name(rng, sex),
            "birth_date": birth,
            "sex": sex,
        }


def build_demo(*, code: str = "3375", workers: int = 4000, seed: int = 1) -> DemoResult:
    """Create the demo Pemda with its OPDs and workers; refuse a Pemda that has workers."""
    name = regency_name(code)
    if name is None:
        raise ValueError(f"Kode {code} bukan kode kabupaten/kota Kemendagri yang dikenal.")
    rng = random.Random(seed)
    today = timezone.localdate()
    with transaction.atomic():
        pemda, _ = pemda_setup(code=code, name=name)
        if Engagement.objects.filter(pemda=pemda).exists():
            raise ValueError(f"Pemda {code} sudah berisi data pekerja; demo tidak ditimpa.")
        opds = []
        for opd_code, opd_name, kind, risk, _w in OPDS:
            opd, _ = Opd.objects.get_or_create(
                pemda=pemda,
                code=opd_code,
                defaults={"name": opd_name, "kind": kind, "jkk_risk_group": risk},
            )
            opds.append(opd)
    weights = [w for *_rest, w in OPDS]
    ended = 0
    people = _people(rng, workers, code)
    history_date = timezone.now()
    person_cols = ["id", "pemda_id", "nik", "name", "birth_date", "sex", "phone"]
    eng_cols = [
        "id", "pemda_id", "person_id", "opd_id", "category", "has_sk", "monthly_wage",
        "funding_source", "start_date", "end_date",
    ]  # fmt: skip
    with transaction.atomic():
        while True:
            chunk = [p for _, p in zip(range(CHUNK), people, strict=False)]
            if not chunk:
                break
            person_ids = iter(reserve_ids(Person, len(chunk)))
            eng_ids = iter(reserve_ids(Engagement, len(chunk)))
            person_rows, eng_rows = [], []
            for facts in chunk:
                person_id = next(person_ids)
                has_sk = rng.random() < SK_SHARE
                category = (
                    "honorer" if has_sk and rng.random() < 0.7 else _weighted(rng, CATEGORIES)
                )
                start = today - timedelta(days=rng.randint(30, 365 * 15))
                end = None
                if rng.random() < 0.04:
                    end = start + timedelta(days=rng.randint(20, (today - start).days))
                    ended += 1
                person_rows.append(
                    (person_id, pemda.pk, facts["nik"], facts["name"], facts["birth_date"],
                     facts["sex"], "")
                )  # fmt: skip
                eng_rows.append(
                    (
                        next(eng_ids),
                        pemda.pk,
                        person_id,
                        rng.choices(opds, weights=weights)[0].pk,
                        category,
                        has_sk,
                        rng.randint(30, 70) * 50_000,
                        "blud" if rng.random() < 0.05 else "apbd",
                        start,
                        end,
                    )
                )
            for model, cols, rows in (
                (Person, person_cols, person_rows),
                (Engagement, eng_cols, eng_rows),
            ):
                insert_with_history(
                    model, cols, rows, user_id=None, reason=DEMO_REASON, when=history_date
                )
    return DemoResult(pemda=pemda, opds=len(opds), workers=workers, ended=ended)
