"""Team pages in Korean, Japanese and Chinese: labels written inside longer words, the rank
written after the name, and a lawyer's motto on their profile."""

from __future__ import annotations

from auditor.crawl.context import SectionKind, kind_of
from auditor.crawl.page import scan_page

BASE = "http://127.0.0.1/"


def _people(html: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.title) for p in scan_page(html, BASE).people]


def test_unspaced_team_labels_are_read_inside_longer_headings():
    assert kind_of("我们的团队") is SectionKind.TEAM
    assert kind_of("チーム紹介") is SectionKind.TEAM
    assert kind_of("의료진 소개") is SectionKind.TEAM
    assert kind_of("合作伙伴") is SectionKind.CLIENTS
    assert kind_of("公司新闻") is SectionKind.POSTS
    assert kind_of("会社概要") is None


def test_the_rank_after_a_name_is_the_role():
    cards = "".join(
        f'<div class="card"><img src="/{i}.jpg"><h3>{text}</h3></div>'
        for i, text in enumerate(["山田 太郎 代表取締役", "佐藤花子 取締役", "이선우 대표변호사"])
    )
    assert _people(f"<h2>役員紹介</h2>{cards}") == [
        ("山田 太郎", "代表取締役"),
        ("佐藤花子", "取締役"),
        ("이선우", "대표변호사"),
    ]


def test_a_motto_on_a_lawyers_profile_under_a_team_heading_is_no_testimonial():
    profile = (
        '<div class="lawyer-profile"><img src="/{i}.png" alt=""><div class="info">'
        '<div class="lawyer-role">{role}</div><h3 class="lawyer-name">{name}</h3>'
        '<div class="lawyer-quote">"{motto}"</div></div></div>'
    )
    motto = "법의 무게를 알기에, 당신의 권리를 지키는 일에 타협하지 않습니다."
    html = '<div class="sub-hero"><h1>변호사 소개</h1><p>법률 파트너를 소개합니다.</p></div>'
    html += (
        "<section>"
        + "".join(
            profile.format(i=i, role=role, name=name, motto=motto)
            for i, (role, name) in enumerate(
                [("Managing Partner", "이선우"), ("Partner", "최우준")]
            )
        )
        + "</section>"
    )
    assert _people(html) == [("이선우", "Managing Partner"), ("최우준", "Partner")]
    # the same quote cards with no job title, under no team heading: testimonials
    quotes = html.replace("변호사 소개", "고객 이야기").replace("Managing Partner", "")
    assert _people(quotes.replace(">Partner<", "><")) == []


def test_a_labs_student_groups_are_its_team_and_a_career_list_is_no_roster():
    students = "".join(
        f'<li class="m"><img src="/{i}.jpg" alt=""><span>{n}<small>{topic}</small></span></li>'
        for i, (n, topic) in enumerate(
            [("정해영", "디지털 미디어 사용과 아동 건강"), ("신준호", "신체활동과 심혈관대사 건강")]
        )
    )
    html = (
        '<div class="pi"><img src="/pi.jpg" alt=""><h3>이정민 교수</h3>'
        "<dl><dt>경력</dt><dd><ul><li>한의과대학 졸업</li><li>만성 요통, 근막통증증후군</li>"
        "</ul></dd></dl></div>"
        f'<div class="group"><h3>박사과정</h3><ul class="names">{students}</ul></div>'
    )
    assert [n for n, _ in _people(f"<h1>구성원</h1>{html}")] == ["이정민", "정해영", "신준호"]
