"""Words of team pages in languages other than English, as data (second blind pages, session 27).

The English vocabularies live beside the code that reads them (context.py, name_evidence.py);
these tables extend them. Each entry is lower case, matched as a whole word. Words that are
also common surnames ("Meister", "Chef", "Koch") are left out: a role word in a two-word text
makes it a job title, and "Hans Meister" is a person.
"""

from __future__ import annotations

import re

__all__ = [
    "BIO_LABELS",
    "CJK_ROLE_PARTS",
    "CJK_SECTION_LABELS",
    "CREDIT_PREFIXES",
    "FIELD_LABELS",
    "QUOTE_SECTION_WORDS",
    "ROLE_LABELS",
    "ROLE_WORDS",
    "TEAM_SECTION_WORDS",
    "UNSPACED_SCRIPT",
    "word_set",
]


# Kana, CJK ideographs and Hangul: scripts written without capitals (and Chinese and Japanese
# without spaces), whose labels, job titles and names other rules read differently.
UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def word_set(text: str) -> frozenset[str]:
    """A vocabulary written as one space-separated string, as a set of its words."""
    return frozenset(text.split())


# Job titles and departments, by language: "Geschäftsführerin", "Directrice générale".
ROLE_WORDS = word_set(
    # German
    "geschäftsführer geschäftsführerin geschäftsführung ansprechpartner ansprechpartnerin "
    "leiter leiterin leitung assistenz assistentin inhaber inhaberin prokurist prokuristin "
    "sachbearbeiter sachbearbeiterin vorsitzender vorsitzende gesellschafter gesellschafterin "
    "referent referentin vertrieb technik kundendienst buchhaltung verwaltung einkauf "
    "sekretariat treuhand immobilien "
    # a German club's board ("Kassenwärtin", "Schriftführer", "Beisitzer")
    "kassenwart kassenwärtin schriftführer schriftführerin sportwart sportwartin "
    "beisitzer beisitzerin jugendwart jugendwartin "
    # French
    "directeur directrice générale général responsable chargé chargée cheffe gérant gérante "
    "fondateur fondatrice cofondateur cofondatrice présidente associé associée développeur "
    "développeuse comptable conseiller conseillère président vice-président vice-présidente "
    "trésorier trésorière secrétaire "
    # Spanish
    "directora gerente jefa fundador fundadora cofundador cofundadora presidenta "
    "odontólogo odontóloga higienista recepción tesorero tesorera secretario secretaria "
    "vocal vocales colaborador colaboradora "
    # Dutch
    "adviseur eigenaar oprichter medewerker medewerkster fiscalist officemanager vennoot "
    # Italian
    "amministratore amministratrice delegato delegata direttore direttrice titolare "
    "fondatore presidente "
    # Portuguese
    "diretor diretora sócio sócia técnico técnica analista assistente auxiliar "
    "coordenador coordenadora professora pesquisador pesquisadora secretária secretário "
    "engenheiro engenheira advogado advogada médico médica enfermeiro enfermeira "
    # ... and Spanish beside them
    "asistente coordinador coordinadora profesora investigador investigadora abogado "
    "abogada enfermero enfermera ingeniero ingeniera cirujano cirujana pediatra obstetra "
    "neurólogo neuróloga cardiólogo cardióloga ginecólogo ginecóloga dermatólogo "
    "dermatóloga psicólogo psicóloga oftalmólogo oftalmóloga especialista "
    # Polish
    "prezes prezeska założyciel założycielka dyrektor dyrektorka kierownik kierowniczka "
    "właściciel właścicielka specjalista specjalistka lekarz lekarka adwokat radca "
    "księgowa księgowy skarbnik sekretarz przewodniczący przewodnicząca wiceprezes "
    "v-ce członek członkini "
    # Turkish: lawyer, director, founder, partner, expert, doctor, nurse, engineer; chair,
    # committee, officer, coordinator, manager, secretary, member (Başkanı, Komisyonu: the
    # forms of a post, "Eğitim Komisyonu Başkanı")
    "avukat müdür müdürü kurucu kurucusu ortak ortağı uzman doktor hemşire mühendis başkan başkanı "
    "başkanvekili komisyonu sorumlusu koordinatör koordinatörü yönetici yöneticisi "
    "sekreter sekreteri üyesi asistan asistanı stajyer "
    # Russian: director, head, curator, manager, specialist, chief, accountant, lawyer,
    # doctor, engineer, developer, designer, copywriter, photographer, webmaster, founder,
    # chair, deputy, administrator, coordinator
    "директор руководитель куратор менеджер специалист главный главная бухгалтер юрист "
    "адвокат врач инженер разработчик дизайнер копирайтер фотограф веб-мастер основатель "
    "сооснователь председатель заместитель администратор координатор "
    # Arabic, with and without the article (ال): director, manager, doctor, nurse,
    # technician, specialist, consultant, lawyer, engineer, head, founder, leader
    "مدير مديرة المدير المديرة طبيب طبيبة الطبيب ممرض ممرضة الممرضة فني فنية أخصائي "
    "أخصائية استشاري استشارية محامي محامية المحامي مهندس مهندسة رئيس رئيسة الرئيس "
    "مؤسس مؤسسة المؤسس قائد "
    # Indonesian and Malay
    "direktur pendiri manajer staf ketua wakil sekretaris bendahara koordinator anggota "
    "penasehat penasihat penanggung kepala dosen pembina "
    # Swedish, Norwegian and Danish boards: chair, vice, treasurer, secretary, board member,
    # deputy, auditor, managing director
    "ordförande vice kassör sekreterare ledamot styrelseledamot suppleant revisor "
    "verkställande yrkesrevisor revisorssuppleant valberedning styreleder nestleder "
    "styremedlem kasserer formand næstformand "
    "bestyrelsesmedlem direktør "
    # Vietnamese, whose words are syllables: giám đốc (director), chủ tịch (chair), trưởng
    # (head), phó (deputy); bác sĩ (doctor), thạc sĩ (master), chuyên khoa (specialist),
    # dược sĩ (pharmacist), điều dưỡng (nurse), phụ trách (in charge): none of them is a
    # syllable of a personal name ("sĩ" and "khoa" are, and are left out)
    "giám đốc tịch trưởng hđqt bác thạc chuyên dược dưỡng trách"
)
# Section words that say the people quoted are the team ("employee-quote", "Mitarbeiterstimmen").
TEAM_SECTION_WORDS = word_set(
    "employee mitarbeiterstimmen "
    # founders and partners of firms, and staff, in European languages ("Socios Fundadores")
    "socios fundadores fondateurs fondatori gründer oprichters sócios fundadores "
    # an association's board and divisions in French ("Bureau", "Pôle communication")
    "bureau pôle "
    # "team" and "staff" in more languages
    "zespół zarząd tým csapat echipa echipă equipa ekip ekibimiz ekibi ekipte ekibimizde tim "
    "команда сотрудники "
    # German office holders ("Amtsinhaber"), a board's members ("Vorstandsmitglieder")
    "amtsinhaber vorstandsmitglieder "
    "коллектив ομάδα צוות הצוות فريق فريقنا "
    "direzione dirección directiva liderazgo professionisti "
    # teachers and a firm's contact people: a school's and an office's staff pages
    "lehrkräfte lehrer lehrerinnen kollegium ansprechpartner ansprechpersonen enseignants "
    "professeurs profesores docentes insegnanti docenti docenten leraren nauczyciele "
    # a Nordic association's or firm's board and staff
    "styrelse styrelsen styret bestyrelse bestyrelsen medarbetare medarbejdere ansatte "
    "förtroendevalda "
    # committees and commissions ("Technische commissie", "Prüfungskommission", "Comisión
    # directiva", "Komisja rewizyjna")
    "commissie kommission commission comisión comissão commissione komisja komisyon "
    # an Indonesian or Malay committee, board and lecturers ("Susunan Panitia", "Pengurus")
    "panitia pengurus kepengurusan dosen "
    # a school's teaching council and staff in Polish and Czech ("Rada pedagogiczna",
    # "Grono pedagogiczne", "Kadra", "Sbor")
    "rada grono kadra pedagogiczna pedagogiczne "
    "комиссия kommitté utskott "
    # Vietnamese leadership and team ("Ban lãnh đạo", "Đội ngũ"): the syllables are words
    "lãnh ngũ"
)
# Section words of customer quotes beyond "testimonials": "Customer voices", "Kundenstimmen".
QUOTE_SECTION_WORDS = word_set(
    "voice voices stimmen opiniones "
    # reviews and what clients say, in more languages ("O que nossos clientes dizem",
    # "Avaliações", "Bewertungen", "Отзывы", "Yorumlar")
    "avaliacoes avaliações depoimentos opiniões dizem dicen reseñas recensioni opinioni "
    "bewertungen erfahrungsberichte beoordelingen ervaringen opinie opinii отзывы yorumlar "
    # a French reviews widget ("avis", "nom-client": the customer's name)
    "avis"
)
# Japanese (and other unspaced) section labels, matched as whole labels or words: a heading
# "お客様の声" is one "word" to the splitter. Keyed by the section kind's value.
CJK_SECTION_LABELS: dict[str, frozenset[str]] = {
    "team": word_set(
        "役員紹介 役員一覧 役員 経営陣 メンバー紹介 メンバー スタッフ紹介 スタッフ 社員紹介 "
        "チーム 講師紹介 医師紹介 "
        # Chinese
        "团队 團隊 成员 成員 管理层 管理層 教师队伍 师资队伍 师资 教师 教职工 教職員 教員紹介 "
        "教員一覧 "
        # Korean (spaced, but compounds: "구성원", "의료진 소개")
        "구성원 임직원 임원진 경영진 의료진 교수진 연구진 변호사 팀원 멤버 "
        # a lab's groups: postdocs, doctoral, master's and undergraduate students
        "박사후연구원 박사과정 석사과정 학부연구생 대학원생 博士后 博士生 硕士生 研究生 "
        "本科生 博士課程 修士課程 学部生 研究員 "
        # Thai: faculty, personnel, executives, team, staff, committee ("อาจารย์", a
        # lecturer, is left out: it is written glued to each lecturer's name)
        "คณาจารย์ บุคลากร ผู้บริหาร ทีมงาน เจ้าหน้าที่ คณะกรรมการ"
    ),
    "former members": word_set("卒業生 修了生 元メンバー 旧メンバー 歴代メンバー OB・OG"),
    "testimonials or reviews": word_set("お客様の声 導入事例の声 口コミ 客户评价 고객후기"),
    "clients, partners or sponsors": word_set(
        "主な取引先 取引先 導入企業 合作伙伴 合作夥伴 客户 客戶 파트너 고객사"
    ),
    "blog, news or events": word_set("ニュース お知らせ 新着情報 新闻 新聞 动态 뉴스 소식"),
}
# Job titles in Japanese, Chinese and Korean, matched inside a text (they are written
# unspaced, in compounds: "トップスタイリスト", "代表取締役社長", "대표변호사"). None of them is
# part of a personal name; bare "長" (head) is left out: it starts surnames (長谷川).
CJK_ROLE_PARTS = tuple(
    """
    取締役 代表 社長 副社長 会長 部長 課長 係長 院長 店長 所長 室長 主任 理事 監事 顧問
    スタイリスト アシスタント マネージャー ディレクター デザイナー エンジニア プロデューサー
    看護師 医師 歯科医 衛生士 薬剤師 講師 教授 准教授 助教 研究員 秘書 税理士 弁護士
    司法書士 社労士 行政書士 受付 事務 担当 助手 技工士 保育士 栄養士 療法士 矯正医 専門医
    勤務医 コーディネーター カウンセラー トレーナー セラピスト コンシェルジュ
    总经理 经理 总监 董事 创始人 合伙人 首席 研究员 工程师 设计师 律师 医生 护士 顾问
    總經理 經理 總監 創辦人 合夥人 工程師 設計師 律師 醫生 護士 顧問
    대표 이사 변호사 부장 과장 팀장 실장 원장 간호사 의사 교수 연구원 매니저 디자이너
    개발자 세무사 회계사 박사과정 석사과정 校长 教授 讲师 老师 院长 博士生 硕士生
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Labels that open the bio part of a profile ("経歴" over "昭和大学卒", "Career", "Werdegang"):
# what follows is the person's history, not their role.
BIO_LABELS = word_set(
    "career experience education biography bio profile qualifications background "
    "lebenslauf werdegang ausbildung parcours formation formación trayectoria formazione "
    "opleiding loopbaan wykształcenie özgeçmiş eğitim образование опыт биография "
    "経歴 略歴 学歴 資格 プロフィール 経験 이력 학력 경력 약력 简历 履历 经历 学历"
)
# Labels of a profile's "label : value" lines ("직책 : 개발팀 팀장", "Position: CEO"): the
# label of the role, then the labels of contact and greeting lines. Neither is a name.
ROLE_LABELS = word_set(
    "position role title function job funktion fonction función funzione ruolo cargo puesto "
    "functie stanowisko görev unvan должность chức "
    "직책 직위 담당 역할 役職 職位 職種 担当 职位 职务 職務 岗位 ตำแหน่ง"
)
FIELD_LABELS = ROLE_LABELS | word_set(
    "email e-mail mail phone tel tel. telefon telephone téléphone telefono teléfono telefone "
    "fax mobile mobil handy contact kontakt greeting motto "
    "이메일 메일 전화 연락처 인사말 한마디 メール 電話 连络 电话 邮箱 電郵"
)
# How a photo credit starts ("Foto: Studio Lichtblick", "Photo by Ana Ruiz", "© Jan Holm"):
# a caption that credits the photographer, never the person's role.
CREDIT_PREFIXES = (
    "©",
    "photo:",
    "photo by",
    "photo credit",
    "photograph by",
    "credit:",
    "foto:",
    "fotos:",
    "bild:",
    "bildnachweis",
    "crédit photo",
    "crédits photo",
    "foto de",
    "foto di",
    "fotografie:",
    "写真:",
)


# A template's unfilled name or role, by language ("Name Surname", "İsim Soyisim",
# "Position", "Должность"): no person, no job title. Matched on the whole text, case folded.
PLACEHOLDER_NAMES = frozenset(
    phrase.strip()
    for phrase in """
    name surname|first last|first name last name|your name|full name|team member|
    vorname nachname|prénom nom|nombre apellido|nome sobrenome|nome cognome|
    voornaam achternaam|imię nazwisko|imię i nazwisko|imie i nazwisko|isim soyisim|ad soyad|
    adı soyadı|имя фамилия|
    фамилия имя|ім'я прізвище
    """.split("|")  # noqa: SIM905 - a phrase list reads better as text
)
PLACEHOLDER_ROLES = frozenset(
    phrase.strip()
    for phrase in """
    position|job title|role|title|designation|your position|funktion|position/funktion|
    poste|fonction|cargo|puesto|posición|ruolo|posizione|functie|stanowisko|pozisyon|
    unvan|görev|должность|позиция|посада
    """.split("|")  # noqa: SIM905 - a phrase list reads better as text
)
