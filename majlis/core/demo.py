"""Demo register: the real people and bodies the seed press releases name, in Arabic and
English with the seeds' own spelling variants, plus a clearly fictional chamber (40
members, committees, parliamentary groups) to make meetings and the Hansard
demonstrable. Idempotent: every row has a stable uid, and existing rows are kept.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction

from majlis.core import services
from majlis.core.models import Area, LegislativeSession, LegislativeTerm, Membership, Organization, Person, Post
from majlis.core.roles import Role, group_for

NAMESPACE = uuid.UUID("6b1f0d1e-3c55-4c5e-9a39-6d616a6c6973")
DEMO_PASSWORD = "majlis-demo-2026"
ORG = Organization.Classification


def uid(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def _area(key, name_ar, name_en, kind="country", code="", parent=None) -> Area:
    found = Area.objects.filter(uid=uid(key)).first()
    return found or services.create_area(None, uid=uid(key), name_ar=name_ar, name_en=name_en, kind=kind, code=code, parent=parent)


def _org(key, name_ar, name_en, classification, *, country=None, parent=None, abbreviation="", variants=(), fictional=False, description_en="") -> Organization:
    found = Organization.objects.filter(uid=uid(key)).first()
    if found:
        return found
    return services.create_organization(
        None, uid=uid(key), name_ar=name_ar, name_en=name_en, classification=classification, country=country,
        parent=parent, abbreviation=abbreviation, variants=list(variants), is_fictional=fictional, description_en=description_en,
    )


def _person(key, name_ar, name_en, *, honorific_ar="", honorific_en="", gender="", country=None, variants=(), fictional=False) -> Person:
    found = Person.objects.filter(uid=uid(key)).first()
    if found:
        return found
    return services.create_person(
        None, uid=uid(key), name_ar=name_ar, name_en=name_en, honorific_ar=honorific_ar, honorific_en=honorific_en,
        gender=gender, country=country, variants=list(variants), is_fictional=fictional,
    )


def _post(key, org, name_ar, name_en, role="") -> Post:
    found = Post.objects.filter(uid=uid(key)).first()
    return found or services.create_post(None, uid=uid(key), organization=org, name_ar=name_ar, name_en=name_en, role=role)


def _member(key, person, org, *, post=None, role_ar="", role_en="", start=None, on_behalf_of=None) -> Membership:
    found = Membership.objects.filter(uid=uid(key)).first()
    if found:
        return found
    return services.create_membership(
        None, uid=uid(key), person=person, organization=org, post=post, role_ar=role_ar, role_en=role_en,
        start_date=start, on_behalf_of=on_behalf_of,
    )


# Fictional members: Arabic and English given and family names, combined deterministically.
GIVEN = [
    ("خالد", "Khalid"), ("فاطمة", "Fatima"), ("يوسف", "Yousif"), ("مريم", "Maryam"), ("علي", "Ali"),
    ("نورة", "Noora"), ("حسن", "Hasan"), ("زينب", "Zainab"), ("عبدالله", "Abdulla"), ("هدى", "Huda"),
    ("جاسم", "Jasim"), ("ليلى", "Layla"), ("سلمان", "Salman"), ("أمينة", "Amina"), ("راشد", "Rashid"),
    ("سارة", "Sara"), ("إبراهيم", "Ebrahim"), ("منى", "Mona"), ("عيسى", "Isa"), ("ريم", "Reem"),
]
FAMILY = [
    ("الدوسري", "Al-Dosari"), ("المناعي", "Al-Mannai"), ("العلوي", "Al-Alawi"), ("الكوهجي", "Al-Kooheji"),
    ("السعدي", "Al-Saadi"), ("الحايكي", "Al-Haiki"), ("الرميحي", "Al-Romaihi"), ("الجودر", "Al-Jowder"),
    ("المحميد", "Al-Mahmeed"), ("البنعلي", "Al-Binali"), ("الشيراوي", "Al-Shirawi"), ("النعيمي", "Al-Nuaimi"),
]
FEMALE = {"فاطمة", "مريم", "نورة", "زينب", "هدى", "ليلى", "أمينة", "سارة", "منى", "ريم"}


def fictional_members(n: int = 40) -> list[tuple[str, str, str]]:
    out = []
    for i in range(n):
        g_ar, g_en = GIVEN[i % len(GIVEN)]
        f_ar, f_en = FAMILY[(i * 7) % len(FAMILY)]
        out.append((f"{g_ar} {f_ar}", f"{g_en} {f_en}", "female" if g_ar in FEMALE else "male"))
    return out


@transaction.atomic
def load(stdout=None) -> dict:
    bh = _area("country:BH", "مملكة البحرين", "Kingdom of Bahrain", code="BH")
    az = _area("country:AZ", "جمهورية أذربيجان", "Republic of Azerbaijan", code="AZ")
    qa = _area("country:QA", "دولة قطر", "State of Qatar", code="QA")
    ch = _area("country:CH", "سويسرا", "Switzerland", code="CH")
    ma = _area("country:MA", "المملكة المغربية", "Kingdom of Morocco", code="MA")
    for key, ar, en, parent in [
        ("city:manama", "المنامة", "Manama", bh), ("city:baku", "باكو", "Baku", az), ("city:doha", "الدوحة", "Doha", qa),
        ("city:geneva", "جنيف", "Geneva", ch), ("city:rabat", "الرباط", "Rabat", ma), ("city:shusha", "شوشا", "Shusha", az),
    ]:
        _area(key, ar, en, kind=Area.Kind.CITY, parent=parent)

    # --- Real bodies and people named in the seeds --------------------------------------
    cor = _org("org:bh-cor", "مجلس النواب", "Council of Representatives", ORG.CHAMBER, country=bh,
               variants=["Bahrain Council of Representatives", "مجلس النواب البحريني"])
    cor_sg = _org("org:bh-cor-secretariat", "الأمانة العامة لمجلس النواب", "General Secretariat of the Council of Representatives",
                  ORG.SECRETARIAT_DEPARTMENT, country=bh, parent=cor)
    for key, ar, en in [
        ("it", "قطاع تقنية المعلومات", "Information Technology Sector"),
        ("hr", "قطاع الموارد البشرية", "Human Resources Sector"),
        ("irc", "قطاع العلاقات الدولية واللجان", "International Relations and Committees Sector"),
        ("hansard", "إدارة المضبطة", "Hansard Department"),
    ]:
        _org(f"org:bh-cor-{key}", ar, en, ORG.SECRETARIAT_DEPARTMENT, country=bh, parent=cor_sg)
    milli = _org("org:az-milli-majlis", "الجمعية الوطنية الأذربيجانية", "Milli Majlis of the Republic of Azerbaijan", ORG.FOREIGN_PARLIAMENT,
                 country=az, abbreviation="Milli Majlis",
                 variants=["ميلي مجلس", "الجمعية الوطنية بجمهورية أذربيجان", "المجلس الوطني لجمهورية أذربيجان", "Azerbaijan's Parliament", "National Assembly of Azerbaijan"])
    milli_staff = _org("org:az-milli-staff", "ديوان الجمعية الوطنية الأذربيجانية", "Staff of the Milli Majlis", ORG.SECRETARIAT_DEPARTMENT,
                       country=az, parent=milli, variants=["الأمانة العامة للجمعية الوطنية بجمهورية أذربيجان"])
    wg = _org("org:az-bh-wg", "مجموعة العمل بين مملكة البحرين وأذربيجان", "Azerbaijan–Bahrain Interparliamentary Relations Working Group",
              ORG.FRIENDSHIP_GROUP, country=az, parent=milli, variants=["Azerbaijan-Bahrain working group"])
    ministry = _org("org:az-mddt", "وزارة التنمية الرقمية والنقل", "Ministry of Digital Development and Transport", ORG.GOVERNMENT_BODY, country=az)
    isesco = _org("org:isesco", "منظمة العالم الإسلامي للتربية والعلوم والثقافة", "Islamic World Educational, Scientific and Cultural Organization",
                  ORG.INTERNATIONAL_ORGANIZATION, country=ma, abbreviation="ISESCO", variants=["الإيسيسكو", "إيسيسكو"])
    nam = _org("org:nam-pn", "الشبكة البرلمانية لحركة عدم الانحياز", "Parliamentary Network of the Non-Aligned Movement",
               ORG.INTERNATIONAL_ORGANIZATION, abbreviation="NAM PN")
    bh_gov = _org("org:bh-monarchy", "مملكة البحرين — الديوان الملكي", "Kingdom of Bahrain — Royal Court", ORG.GOVERNMENT_BODY, country=bh)
    az_pres = _org("org:az-presidency", "رئاسة جمهورية أذربيجان", "Presidency of the Republic of Azerbaijan", ORG.GOVERNMENT_BODY, country=az)
    az_mfa = _org("org:az-mfa", "وزارة الخارجية الأذربيجانية", "Ministry of Foreign Affairs of Azerbaijan", ORG.GOVERNMENT_BODY, country=az)

    speaker_post = _post("post:bh-cor-speaker", cor, "رئيس مجلس النواب", "Speaker of the Council of Representatives", "speaker")
    sg_post = _post("post:bh-cor-sg", cor_sg, "الأمين العام لمجلس النواب", "Secretary-General of the Council of Representatives", "secretary_general")
    az_speaker_post = _post("post:az-speaker", milli, "رئيسة الجمعية الوطنية", "Speaker of the Milli Majlis", "speaker")
    az_cos_post = _post("post:az-cos", milli_staff, "الأمين العام للجمعية الوطنية (رئيس الديوان)", "Chief of Staff of the Milli Majlis", "chief_of_staff")
    az_dcos_post = _post("post:az-dcos", milli_staff, "نائب رئيس ديوان الجمعية الوطنية", "Deputy Chief of Staff of the Milli Majlis", "deputy_chief_of_staff")
    wg_chair_post = _post("post:az-bh-wg-chair", wg, "رئيس مجموعة العمل", "Chair of the Working Group", "chair")

    people = {
        "musallam": _person("person:al-musallam", "أحمد بن سلمان المسلم", "Ahmed bin Salman Al-Musallam", honorific_ar="معالي السيد", honorific_en="H.E.", gender="male", country=bh,
                            variants=["Ahmed Al-Musallam", "أحمد المسلم"]),
        "buainain": _person("person:al-buainain", "محمد إبراهيم السيسي البوعينين", "Mohammed Ibrahim Al-Sisi Al-Buainain", honorific_ar="المهندس", honorific_en="Eng.", gender="male", country=bh,
                            variants=["Al-Buainain", "محمد إبراهيم البوعينين"]),
        "gafarova": _person("person:gafarova", "صاحبة غفاروفا", "Sahiba Gafarova", honorific_ar="معالي السيدة", honorific_en="H.E.", gender="female", country=az,
                            variants=["صاحبة غافاروفا", "Sahiba Gafarova", "Səhibə Qafarova"]),
        "farid": _person("person:farid-hajiyev", "فريد حاجييف", "Farid Hajiyev", honorific_ar="السيد", honorific_en="Mr.", gender="male", country=az, variants=["Fərid Hacıyev"]),
        "sabir": _person("person:sabir-hajiyev", "صابر حاجييف", "Sabir Hajiyev", honorific_ar="السيد", honorific_en="Mr.", gender="male", country=az, variants=["Sabir Hacıyev"]),
        "mahmudov": _person("person:mahmudov", "رستم محمودوف", "Rustam Mahmudov", honorific_ar="السيد", honorific_en="Mr.", gender="male", country=az, variants=["Rüstəm Mahmudov"]),
        "mammadov": _person("person:mammadov", "مشهور محمدوف", "Mashhur Mammadov", gender="male", country=az, variants=["Məşhur Məmmədov"]),
        "aghayeva": _person("person:aghayeva", "علوية آغاييفا", "Ulviyya Aghayeva", gender="female", country=az, variants=["Ülviyyə Ağayeva"]),
        "asadov": _person("person:asadov", "صمدين أسادوف", "Samaddin Asadov", honorific_ar="السيد", honorific_en="Mr.", gender="male", country=az, variants=["Səmədin Əsədov"]),
        "aliyev": _person("person:ilham-aliyev", "إلهام علييف", "Ilham Aliyev", honorific_ar="فخامة الرئيس", honorific_en="H.E. President", gender="male", country=az, variants=["İlham Əliyev"]),
        "king": _person("person:king-hamad", "حمد بن عيسى آل خليفة", "Hamad bin Isa Al Khalifa", honorific_ar="حضرة صاحب الجلالة الملك", honorific_en="His Majesty King", gender="male", country=bh),
        "ismayilov": _person("person:ismayilov", "رشاد إسماعيلوف", "Rashad Ismayilov", honorific_ar="سعادة السيد", honorific_en="H.E.", gender="male", country=az),
        "almalik": _person("person:almalik", "سالم بن محمد المالك", "Salim M. AlMalik", honorific_ar="الدكتور", honorific_en="Dr.", gender="male", variants=["Salim bin Mohammed Al-Malik", "سالم المالك"]),
        "karimov": _person("person:karimov", "أنار كريموف", "Anar Karimov", honorific_ar="السيد", honorific_en="Mr.", gender="male", country=az),
    }
    _member("m:musallam-speaker", people["musallam"], cor, post=speaker_post)
    _member("m:buainain-sg", people["buainain"], cor_sg, post=sg_post)
    _member("m:gafarova-speaker", people["gafarova"], milli, post=az_speaker_post)
    _member("m:gafarova-nam", people["gafarova"], nam, role_ar="رئيسة الشبكة", role_en="President of the Network")
    _member("m:farid-cos", people["farid"], milli_staff, post=az_cos_post)
    _member("m:mahmudov-dcos", people["mahmudov"], milli_staff, post=az_dcos_post)
    _member("m:sabir-mp", people["sabir"], milli, role_ar="نائب", role_en="Member of Parliament")
    _member("m:sabir-wg", people["sabir"], wg, post=wg_chair_post)
    _member("m:mammadov-wg", people["mammadov"], wg, role_ar="عضو", role_en="Member")
    _member("m:aghayeva-wg", people["aghayeva"], wg, role_ar="عضو", role_en="Member")
    _member("m:asadov-deputy", people["asadov"], ministry, role_ar="نائب الوزير", role_en="Deputy Minister")
    _member("m:aliyev-president", people["aliyev"], az_pres, role_ar="رئيس الجمهورية", role_en="President")
    _member("m:king", people["king"], bh_gov, role_ar="ملك البلاد", role_en="King")
    _member("m:ismayilov", people["ismayilov"], az_mfa, role_ar="سفير جمهورية أذربيجان لدى دولة قطر", role_en="Ambassador of Azerbaijan to Qatar")
    _member("m:almalik-dg", people["almalik"], isesco, role_ar="المدير العام", role_en="Director-General")
    _member("m:karimov", people["karimov"], isesco, role_ar="رئيس قطاع الشراكات والتعاون الدولي", role_en="Head of the Partnerships and International Cooperation Sector")

    # --- The fictional chamber -----------------------------------------------------------
    demo = _org("org:demo-council", "مجلس الشورى التجريبي (خيالي)", "Demo Council (fictional)", ORG.CHAMBER, country=bh, fictional=True,
                description_en="A fictional chamber for demonstrating meetings and the Hansard. Its members do not exist.")
    groups = [
        _org(f"org:demo-group-{i}", ar, en, ORG.PARLIAMENTARY_GROUP, parent=demo, fictional=True)
        for i, (ar, en) in enumerate([("كتلة التقدم (خيالية)", "Progress Bloc (fictional)"), ("كتلة الوفاق الوطني (خيالية)", "National Accord Bloc (fictional)"), ("المستقلون (خيالية)", "Independents (fictional)")])
    ]
    committees = [
        _org(f"org:demo-committee-{key}", ar, en, ORG.COMMITTEE, parent=demo, fictional=True)
        for key, ar, en in [
            ("legal", "لجنة الشؤون التشريعية والقانونية", "Legislative and Legal Affairs Committee"),
            ("finance", "لجنة الشؤون المالية والاقتصادية", "Financial and Economic Affairs Committee"),
            ("foreign", "لجنة الشؤون الخارجية والدفاع والأمن الوطني", "Foreign Affairs, Defence and National Security Committee"),
            ("services", "لجنة الخدمات", "Services Committee"),
        ]
    ]
    demo_speaker = _post("post:demo-speaker", demo, "رئيس المجلس", "Speaker", "speaker")
    demo_deputy = _post("post:demo-deputy", demo, "النائب الأول للرئيس", "First Deputy Speaker", "deputy_speaker")
    term_start = dt.date(2022, 12, 12)
    members = []
    for i, (name_ar, name_en, gender) in enumerate(fictional_members(40)):
        person = _person(f"person:demo-{i:02d}", name_ar, name_en, gender=gender, country=bh, fictional=True)
        members.append(person)
        post = demo_speaker if i == 0 else demo_deputy if i == 1 else None
        _member(f"m:demo-{i:02d}", person, demo, post=post, role_ar="عضو" if post is None else "", role_en="Member" if post is None else "",
                start=term_start, on_behalf_of=groups[i % 3])
        _member(f"m:demo-group-{i:02d}", person, groups[i % 3], role_ar="عضو", role_en="Member", start=term_start)
        committee = committees[i % 4]
        _member(f"m:demo-committee-{i:02d}", person, committee, role_ar="رئيس اللجنة" if i < 4 else "عضو",
                role_en="Chair" if i < 4 else "Member", start=term_start)

    term = LegislativeTerm.objects.filter(chamber=demo, number=1).first() or services.create_term(
        None, chamber=demo, number=1, start_date=term_start, end_date=dt.date(2026, 12, 11), name_ar="الفصل التشريعي الأول", name_en="First legislative term")
    for number, start, end in [(1, dt.date(2022, 12, 12), dt.date(2023, 5, 31)), (2, dt.date(2023, 10, 8), dt.date(2024, 5, 31)),
                               (3, dt.date(2024, 10, 13), dt.date(2025, 5, 31)), (4, dt.date(2025, 10, 12), dt.date(2026, 12, 11))]:
        if not LegislativeSession.objects.filter(term=term, number=number, kind="ordinary").exists():
            services.create_session(None, term=term, number=number, start_date=start, end_date=end,
                                    name_ar=f"دور الانعقاد العادي {number}", name_en=f"Ordinary session {number}")

    users = _demo_users(members)
    return {"people": people, "members": members, "demo_chamber": demo, "committees": committees, "groups": groups, "users": users,
            "term": term, "chambers": {"bh": cor, "az": milli}}


DEMO_USERS = [
    ("admin", [Role.ADMINISTRATOR], "Administrator"),
    ("clerk", [Role.CLERK], "Sitting clerk"),
    ("chair", [Role.PRESIDING_OFFICER, Role.MEMBER], "Presiding officer (fictional Speaker)"),
    ("member", [Role.MEMBER], "Member (fictional)"),
    ("editor", [Role.HANSARD_EDITOR], "Hansard editor"),
    ("relations", [Role.RELATIONS_OFFICER], "Relations officer"),
    ("aigov", [Role.AI_GOVERNANCE_OFFICER], "AI governance officer"),
]


def _demo_users(members: list[Person]) -> dict:
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    password_hash = make_password(DEMO_PASSWORD)  # hashing is slow by design: do it once
    users = {}
    for i, (username, roles, _label) in enumerate(DEMO_USERS):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(username=username, password=password_hash, is_staff=username == "admin", is_superuser=username == "admin")
            user.groups.set([group_for(r) for r in roles])
        users[username] = user
    # The chair is the fictional Speaker, the member a fictional member: they vote and
    # speak. Every other fictional member gets a login too (memberNN), so votes can be cast.
    linked = {members[0].pk: users["chair"], members[2].pk: users["member"]}
    for i, person in enumerate(members):
        person.refresh_from_db(fields=["user"])
        if person.user_id:
            continue
        user = linked.get(person.pk)
        if user is None or Person.objects.filter(user=user).exists():
            username = f"member{i:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create(username=username, password=password_hash)
                user.groups.add(group_for(Role.MEMBER))
        services.update_person(None, person, user=user)
        person.user = user  # the caller's objects (the demo of each app) see the new login
    return users


def logins_text() -> str:
    lines = [f"  {u:<10} {DEMO_PASSWORD}   {label}" for u, _r, label in DEMO_USERS]
    return ("Demo logins (user / password):\n" + "\n".join(lines)
            + "\n  member01, member03…member39: the other fictional members (same password).")
