"""Clean stage: boilerplate out, paragraphs rebuilt, glued sentences repaired. Pure functions on text."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from generator.dates import find_day_month, parse_date_line, parse_partial_date_line
from generator.models import Cleaned, Knowledge, TitleLine

TERMINAL = ".!?…\"»”’')"
# "All rights reserved" in the languages of the region's sites (a copyright line, and the end of its holder's name)
ALL_RIGHTS_RESERVED = r"all rights reserved|все права защищены|bütün hüquqlar qorunur|barcha huquqlar himoyalangan|барлық құқықтар қорғалған"
_FLAGS = re.IGNORECASE

# (kind, pattern): a line matching any of these is not article text. Patterns are matched against the
# lower-cased line without re.IGNORECASE, which is several times faster on Unicode text.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("ticker", r"^\W*[a-z]{3}/[a-z]{3}\s*[=:]?\s*[\d.,]+"),
        ("ticker", r"^(?:(?:usd|eur|cny|gbp|jpy|rub|kgs|kzt|btc|brent|urals|imoex|rts|\$|€)\s*[+-−]?[\d.,]+\s*%?\s*(?:[+-−][\d.,]+\s*%?\s*)?){1,8}$"),
        ("timestamp", r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:(?:utc|gmt|msk|мск)\s*[+-]?\d{0,2})?\s*,?\s*(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})?[\s\d]*$"),
        ("timestamp", r"^(?:updated|published|posted|опубликовано|обновлено|дата публикации)\s*:?\s*.{0,40}\d{1,4}.{0,20}$"),
        ("counter", r"^[\d\s.,:]+$"),
        ("copyright", r"copyright|©|\(c\)\s*\d{4}|all rights reserved|все права защищены|при (?:полном или частичном )?(?:перепечатке|использовании|цитировании) материалов"),
        ("licence", r"\bicp\b|许可证|公网安备|备案号|свидетельство о регистрации|роскомнадзор|\bэл № фс|\bфс\s*№|registration certificate"),
        ("hotline", r"\b(?:hotline|горячая линия|тел\.|phone|e-mail|email)\s*:"),
        ("nav", r"^(?:[^|]{1,40}\|){2,}[^|]{0,40}$"),
        ("nav", r"^(?:about us|contact us|privacy policy|terms of (?:use|service)|cookie policy|advertising|реклама|контакты|о нас|политика конфиденциальности|skip to (?:main )?(?:content|navigation|search)|skip to search|перейти к (?:основному )?содержанию|all news|все новости|main menu|главное меню)$"),
        ("promo", r"^[-–—•*·]?\s*(?:подписывайтесь|подпишитесь|читайте (?:также|нас|наш)|смотрите также|следите за (?:нами|новостями)|присоединяйтесь|subscribe|follow us|sign up|read (?:also|more)|see also|related(?: articles| stories)?:|share (?:this|on)|поделиться|download (?:our|the) app|click here|добавьте .{0,30} в избранное)"),
        ("promo", r"(?:telegram|телеграм|вконтакте|\bvk\b|дзен|whatsapp|newsletter|рассылк|youtube).{0,80}(?:подписыва|читайте|join|follow|subscribe|наш|our)|(?:подписыва|читайте|join|follow|subscribe).{0,80}(?:telegram|телеграм|вконтакте|\bvk\b|дзен|whatsapp|newsletter|youtube)"),
        ("credit", r"^(?:photo|фото|image|picture|illustration|иллюстрация|источник фото|file photo)\s*(?:credit)?\s*[:/©]"),
        ("byline", r"^(?:editor|редактор|reporter|корреспондент|author|автор|by)\s*:\s*\S.{0,60}$"),
        ("source-line", r"^source\s*:\s*\S.{0,80}$|^источник\s*:\s*\S.{0,80}$"),
        ("section", r"^[^/>»|.!?]{1,30}(?:\s[/>»]\s[^/>»|.!?]{1,30}){1,4}$"),
        ("prompt", r"нашли (?:ошибку|опечатку)|(?:found|report|spotted) an? (?:typo|mistake|error)|ctrl\s*\+\s*enter|"
                   r"^(?:log ?in|sign ?in|sign up|register|войти|вход|регистрация)(?: (?:через|with|using|via) [^.!?]{2,40})?:?$|(?:log|sign) ?in to (?:comment|continue|read|reply)|"
                   r"(?:войдите|авторизуйтесь|зарегистрируйтесь),? чтобы|чтобы (?:оставить|написать) комментари|"
                   r"^(?:leave|add|post) a (?:comment|reply)|^(?:комментари[иейя]|comments?)\s*[:(]?\s*\d*\)?$|^\d+\s+(?:comments?|комментари\w*)$|"
                   r"we use cookies|(?:использу\w+|применя\w+) (?:файлы )?cookie|cookies?\b.{0,60}(?:принимаете|соглашаетесь|agree|accept)|"
                   r"^(?:support (?:us|our|independent)|поддержите (?:нас|редакцию|проект|независим)|donate|пожертвуйте)\b|become a (?:member|subscriber|patron|supporter)|"
                   r"^(?:share|tweet|print|печать|email|e-mail|копировать ссылку|copy link|размер шрифта|font size|listen|слушать|"
                   r"версия для печати|print version|add to favou?rites|в избранное)$|"
                   r"^(?:the )?(?:opinions?|views?)(?: and (?:opinions?|views?))? expressed .{0,80}(?:not|do not|don't) (?:necessarily )?reflect|"
                   r"мнение (?:редакции|автора) .{0,40}не (?:обязательно )?совпада|"
                   r"мнение автора может не совпадать"),
        ("prompt", r"(?:delivered|straight) to your inbox|(?:sign up|subscribe) (?:for|to) (?:our|the) .{0,40}newsletter|"
                   r"^(?:get|receive) (?:the latest|essential|our|briefed)|^register (?:now )?for\b|"
                   r"download(?:ing)? the .{0,40}\bapp\b|скачайте (?:наше )?приложение|"
                   r"^\d+\s*min(?:ute)?s?\s+read(?:ing time)?$|^reading time|^время чтения|"
                   r"every (?:donation|contribution) (?:helps|counts)|^support (?:\S+ ?){1,4}$|^поддержите (?:\S+ ?){1,4}$|"
                   r"присылайте .{0,60}(?:viber|telegram|whatsapp|почт)|send (?:us )?your (?:news|tips|questions|stories)|"
                   r"^follow .{0,40}coverage|^(?:our|editorial) standards\b|редакционная политика|"
                   r"quotes (?:are )?delayed|browsers? with .{0,30}resolution|^enjoying this article|, opens (?:in )?(?:a )?new tab$|"
                   r"\bthis (?:web ?)?site\b"),
        # a share bar, a comment form, a link to the rest, an aggregator's disclaimer: chrome of any site
        ("chrome", r"^(?:share|поделиться)(?: (?:this|on|в))?\s*:?\s*(?:(?:facebook|twitter|x|telegram|whatsapp|viber|vk|"
                   r"вконтакте|одноклассники|ok|linkedin|reddit|email|e-mail|threads|max)\b[\s,|·•]*){2,}$|"
                   r"your email address will not be published|required fields are marked|"
                   r"ваш (?:адрес )?e-?mail не будет опубликован|обязательные поля помечены|"
                   r"(?:keep|be) (?:your )?(?:comments|discussion) .{0,40}(?:civil|respectful|relevant)|"
                   r"^(?:подробнее|читать (?:далее|дальше|полностью|в источнике|источник)|continue reading|"
                   r"read (?:the )?full (?:story|article))\W*$|"
                   r"не несе[тё] ответственности за (?:материалы|содержание)|"
                   r"(?:is|are) not responsible for the content of (?:external|other|third-party|linked)|forum for (?:civil|constructive|respectful)|"
                   r"^(?=(?:\S+\s+){0,5}\S+$).*\b(?:в|на|on|in) (?:telegram|телеграме?|max|дзене?|вконтакте|vk|whatsapp|youtube)$"),
        ("wire-credit", r"^\(?(?:reporting|additional reporting|writing|editing|compiled|translated|produced) by\b.{0,200}\)?$"),
        ("separator", r"^[_\-=*~•·—–]{3,}$"),
        ("caption-label", r"^(?:image|photo|video|picture) (?:caption|source)\b.{0,60}$|^подпись к (?:фото|изображению)"),
        ("tags", r"^(?:теги|тэги|метки|ключевые слова|tags|keywords|topics|темы)\s*:"),
        ("widget", r"(?:\s\|\s[^|]+){3,}$"),
        # a reprint notice in the region's languages: `… materiallaridan foydalanilganda havola berish majburiy`
        ("copyright", r"materiallar\w* .{0,40}(?:istinad|havola|ссылка)\w* .{0,30}(?:mütləq|majburiy|міндетті|обязательн)|"
                      r"when (?:using|reprinting|quoting|copying) (?:the )?(?:materials|content)\b.{0,60}\b(?:link|reference)\b.{0,50}\b(?:is )?(?:required|mandatory|obligatory)|"
                      rf"{ALL_RIGHTS_RESERVED}|"
                      r"материалдар\w* .{0,40}сілтеме\w* .{0,20}міндетті|"
                      r"права на (?:материалы|контент|публикации)|all (?:materials|content) (?:on this (?:site|website) )?(?:is|are) (?:the property|protected)"),
        ("bio", r"^[\w.'’-]+(?: [\w.'’-]+){1,3} (?:is|was) (?:a|an|the) (?:[\w-]+ ){0,4}(?:editor|correspondent|reporter|"
                r"journalist|writer|contributor|columnist|fellow|analyst|editor-in-chief)\s+(?:of|at|for|with)\s+[^.,;]{2,60}\.?$"),
        ("nav", r"^(?=(?:\S+\s+){0,14}\S+$).*(?:privacy policy|terms of (?:use|service)|политика конфиденциальности|"
                r"пользовательское соглашение)"),
        ("note", r"^(?:editor'?s note|editorial note|note to (?:readers|editors)|от редакции|примечание редакции|"
                 r"прим\. ред\.|ред\. ?:)\s*[:.—–-]"),
        ("weather", r"^(?:[а-яёa-z-]+\s+)?[+-−]?\d{1,2}\s*°\s*[cсf]?(?:\s|$)|^(?:погода|weather)\b.{0,40}°"),
    )
)
_URL_LINE = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,12}/\S*$", _FLAGS)
TEASER_MAX_WORDS = 20
_TEASER_LABEL = re.compile(
    r"^(?:read (?:also|more|next)|see also|related(?: news| articles| stories| topics| content)?|more on this (?:story|topic)|"
    r"more (?:from|in|news)\b.{0,30}|you may (?:also )?like|recommended(?: for you)?|most (?:read|popular)|latest news|"
    r"top stories|other news|читайте также|читайте по теме|смотрите также|по теме|материалы по теме|другие новости|"
    r"(?:также|ещё|еще) в (?:разделе|рубрике)|похожие (?:новости|материалы|статьи)|"
    r"последние новости|популярное|самое (?:читаемое|популярное)|рекомендуем|новости по теме|ещё по теме|еще по теме|"
    r"authors?|авторы?)\s*:?$",
    _FLAGS,
)
_BYLINE = re.compile(r"^(?:by|от|автор:?)\s+\S", _FLAGS)
_CLOCK_SECONDS = re.compile(r"(?<![\d:])\d{1,2}:\d\d:\d\d(?![\d:])")
_READ_MORE = re.compile(r"^(?:подробнее|читать (?:далее|дальше|полностью)|read more|continue reading)\W*$", _FLAGS)
_BREADCRUMB = re.compile(r"^\d{1,2}[.)]\s+\S")
_INLINE_CREDIT = re.compile(
    r"(?:\s+|^)[(\[]?(?:фото|photo|фотография|image|picture|credit|photo credit|источник фото|иллюстрация|illustration|"
    r"кадр|скриншот|screenshot)(?:\s+(?:by|из|с|from|предоставлено)\b[^:]{0,30})?\s*[:©]\s*[^!?]{2,80}$"
    r"|\s+\((?:AP|AFP|Reuters|EPA|Getty|AA|Xinhua|Photos?)\b[^()]{0,60}\)\s*$"
    r"|\s*\((?:file|archive|archival|illustrative|stock) (?:photo|image|picture)\)\s*$"
    r"|\s*\([^()]{0,80}\b(?:photos?|pool photo)\b[^()]{0,40}\)\s*$"
    r"|\s*\[(?:file|photo|фото|image)?\s*:?\s*[^\[\]]{0,60}/[^\[\]]{2,40}\]\s*$"
    r"|[.]?\s+(?:photo|фото|image) (?:courtesy of|предоставлено)\s+[^!?]{2,60}$"
    r"|[.]\s+(?:photos?|images?) via\s+[^!?]{2,60}$"
    r"|(?:[.]\s+|\s+|^)(?:фото|photo)\s+(?:с сайта|из открытых источников|из архива|из соцсетей|пресс-службы|from)\s+[^!?]{2,60}$"
    r"|\s+(?:REUTERS|AFP|EPA|EPA-EFE|ANADOLU|XINHUA)\s*/\s*[\w .'-]{2,40}$"
    r"|\s+©\s*[^©.!?]{2,60}$",
    _FLAGS,
)
_KEYWORD_LIST = re.compile(r"^[^,.!?:;]{2,30}(?:,\s*[^,.!?:;]{2,30}){3,}$")
_FOOTER_START = re.compile(
    r"^(?:a message from [^.]{2,50}:?|dear readers,?|уважаемые читатели[,!]?|support (?:our|independent) journalism.*|"
    r"this (?:post|article) is for (?:paying )?subscribers only.*|already have an account\?.*|"
    r"материал доступен только (?:по )?подписч.*)$",
    _FLAGS,
)
_GLUE = re.compile(r"(?<=[a-zа-яё0-9%)][.!?])([\"”»’]?)(?=[A-ZА-ЯЁ][a-zа-яё])")
_URLISH = re.compile(r"\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|ru|kg|cn|uk|io|gov|info)(?:/\S*)?\b", _FLAGS)
_SOURCE_LINE = re.compile(r"^(?:source|источник)\s*:\s*(?P<source>.+?)(?:\s{2,}|\s+(?:editor|редактор|author|автор)\s*:|$)", _FLAGS)
_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?:©)?\s*(?P<name>(?:[^.|,;]|\.(?=\w)){2,60}?)\s*(?:\.(?!\w)|,|all rights|все права|bütün hüquqlar|barcha huquqlar|барлық құқықтар|$)", _FLAGS)
# the holder printed before the mark: `Телеканал Дождь © 2014. Все права защищены.`
_COPYRIGHT_BEFORE = re.compile(r"^(?P<name>[^.|,;©]{2,60}?)\s*(?:©|\(c\))\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?:[.,]|$)", _FLAGS)
_PROMO_NAME = re.compile(r"(?:журнала|газеты|издания|агентства|портала|сайта|journal|magazine|newspaper|agency)\s+[\"«“„](?P<name>[^\"»”“]{2,40})[\"»”“]", _FLAGS)
_CAPTION_CUE = re.compile(
    r"\b(?:shakes hands|is seen|are seen|poses?|gestures?|listens?|speaks? during|attends?|arrives?|waves?|looks on|"
    r"during (?:a|the) (?:meeting|ceremony|visit|talks)|pictured|photo|фото|во время (?:встречи|переговоров))\b"
    r"|\b(?:on|in)\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\.?$",
)
MENU_MAX_WORDS = 4
PROSE_MIN_SEEDS = 3
PROSE_MIN_SHARE = 0.5
MENU_MIN_RUN = 3


def normalize_line(line: str) -> str:
    """The comparison key of a line: case-folded, white space folded, outer punctuation dropped."""
    return " ".join(line.split()).casefold().strip(" .,:;|-–—")


def count_words(text: str) -> int:
    """Words in a text, by white space."""
    return len(text.split())


def is_prose(line: str) -> bool:
    """A line that reads as article text rather than a label: a long line, or a sentence that ends."""
    words = count_words(line)
    return words >= 20 or (words >= 6 and line.rstrip()[-1:] in TERMINAL)


# Unanchored rules are slow to search; a line can only match them if it holds one of these words.
_RULE_WORDS = {
    "copyright": ("copyright", "©", "(c)", "all rights", "все права", "при ", "права на", "all materials", "all content",
                  "materiallar", "материалдар", "when ", "hüquqlar", "huquqlar", "құқықтар"),
    "licence": ("icp", "许可证", "公网安备", "备案号", "свидетельство", "роскомнадзор", "фс", "registration"),
    "hotline": ("hotline", "горячая", "тел.", "phone", "mail"),
    "prompt": ("ошибк", "опечатк", "typo", "mistake", "error", "ctrl", "log", "sign", "register", "войти", "вход",
               "регистрац", "войдите", "авториз", "зарегистр", "комментари", "comment", "cookie", "support",
               "поддержите", "donate", "пожертв", "become a", "share", "tweet", "print", "печать", "mail", "ссылку",
               "link", "шрифта", "font", "listen", "слушать", "избранное", "favo", "opinion", "view", "мнение",
               "inbox", "newsletter", "get ", "receive", "app", "приложение", "min", "reading", "чтения", "donation",
               "contribution", "support ", "поддержите", "присылайте", "send ", "follow", "standards", "principles",
               "политика", "delayed", "real-time", "browser", "coverage", "enjoying", "new tab", "this site",
               "this web"),
    "chrome": ("share", "поделиться", "mail", "required", "обязательные", "comments", "discussion", "подробнее",
               "читать", "continue", "full", "ответственности", "responsible", "telegram", "телеграм", "max", "дзен", "вконтакте", "vk",
               "whatsapp", "youtube", "forum"),
    "note": ("note", "редакц", "ред."),
    "caption-label": ("caption", "source", "подпись"),
    "bio": (" is ", " was "),
    "tags": ("теги", "тэги", "метки", "ключевые", "tags", "keywords", "topics", "темы"),
    "widget": (" | ",),
    "wire-credit": ("by",),
    "weather": ("°",),
    "promo": ("telegram", "телеграм", "вконтакте", "vk", "дзен", "whatsapp", "newsletter", "рассылк", "youtube", "подпис",
              "подпиш", "читайте", "смотрите", "следите", "присоедин", "subscribe", "follow", "sign up", "read ",
              "see also", "related", "share", "поделиться", "download", "click", "добавьте"),
}


_NUMBER_TOKEN = re.compile(r"\S*\d\S*")


def is_ticker(line: str) -> bool:
    """A widget line of quotes: mostly numbers with changes (`Brent 75.84 +0.09%`, `TMT/USD = 0.28 -0.42%`)."""
    numbers = _NUMBER_TOKEN.findall(line)
    if len(numbers) < 2:
        return False
    tokens = line.split()
    words = [t for t in tokens if t.isalpha() and len(t) > 1 and not t.isupper()]
    changes = sum(1 for t in numbers if t[:1] in "+-−–" or t.endswith("%"))
    codes = sum(1 for t in tokens if t.strip(":") in _CURRENCY_CODES)
    return (len(numbers) >= 3 and changes >= 2 and len(words) <= len(numbers)) or (codes >= 2 and len(numbers) >= 2)


_CURRENCY_CODES = frozenset("USD EUR RUB CNY GBP JPY KZT KGS UZS TJS TMT AZN BYN TRY CHF".split())


@lru_cache(maxsize=200_000)
def classify_line(line: str) -> str | None:
    """The kind of boilerplate a line is (ticker, copyright, promo, ...), or None for a possible text line."""
    if is_ticker(line):
        return "ticker"
    lower = line.lower()
    for kind, pattern in LINE_RULES:
        words = _RULE_WORDS.get(kind)
        if words and not any(map(lower.__contains__, words)):
            continue
        if pattern.search(lower):
            return kind
    return None


def repair_glued_sentences(text: str) -> str:
    """Insert the missing space in `Thursday.The`, leaving `U.S.`, `2.5`, URLs and initials alone."""
    protected: list[tuple[int, int]] = [m.span() for m in _URLISH.finditer(text)]

    def fix(match: re.Match[str]) -> str:
        at = match.start()
        if any(start <= at < end for start, end in protected):
            return match.group(0)
        return match.group(0) + " "

    return _GLUE.sub(fix, text)


def learn_boilerplate(texts: Sequence[str], min_seeds: int = 2) -> frozenset[str]:
    """Lines repeated across different articles of one outlet: its menus and footers (labels in two or more
    articles; sentences only in at least half of the outlet's articles, and three).

    Two copies of the same article share their sentences too, so copies (prose lines with a Jaccard similarity
    over one half) count once: a line is learned only when it recurs in articles that are otherwise different.
    """
    line_sets = [frozenset(normalize_line(l) for l in text.split("\n") if normalize_line(l)) for text in texts]
    prose_sets = [frozenset(normalize_line(l) for l in text.split("\n") if is_prose(l)) for text in texts]
    cluster_of: list[int] = []
    seen_in: dict[str, list[int]] = {}  # prose line -> earlier seeds holding it: only those can be copies
    for index, prose in enumerate(prose_sets):
        sharing = Counter(j for line in prose for j in seen_in.get(line, ()))
        copy_of = next(
            (cluster_of[j] for j, shared in sorted(sharing.items()) if shared > 0.5 * len(prose | prose_sets[j])),
            index,
        )
        cluster_of.append(copy_of)
        if copy_of == index:  # only the first of a set of copies is compared against later seeds
            for line in prose:
                seen_in.setdefault(line, []).append(index)
    clusters: dict[str, set[int]] = {}
    for index, lines in enumerate(line_sets):
        for line in lines:
            clusters.setdefault(line, set()).add(cluster_of[index])
    # A sentence two articles happen to share (a quote, a background paragraph) is article text: prose is the
    # outlet's boilerplate only when it recurs in a large share of its articles (a standing disclaimer).
    distinct = len(set(cluster_of))
    prose_needs = max(PROSE_MIN_SEEDS, min_seeds, math.ceil(PROSE_MIN_SHARE * distinct))
    prose_lines = frozenset(line for prose in prose_sets for line in prose)
    return frozenset(
        line for line, owners in clusters.items()
        if len(owners) >= (prose_needs if line in prose_lines else min_seeds)
    )


def clean_text(text: str, knowledge: Knowledge, learned: frozenset[str] = frozenset(), lead: str | None = None) -> Cleaned:
    """Split raw seed text into title candidates and article paragraphs, boilerplate left out."""
    lines = unwrap_lines([" ".join(line.split()) for line in text.split("\n")], knowledge)
    if lead:
        lines = [lead, ""] + lines
    # A line ending in a photo credit is a caption in the text, or a headline printed over its photo.
    credits_at = {i: match for i, line in enumerate(lines) if (match := _INLINE_CREDIT.search(line))}
    captioned = set(credits_at)
    labels = [i for i, line in enumerate(lines) if line and classify_line(line) == "caption-label"]
    credited = [i for i, line in enumerate(lines) if line and classify_line(line) == "credit"]
    captioned |= {j for i in credited for j in (i - 1, i + 1) if 0 <= j < len(lines) and lines[j] and not is_prose(lines[j])}
    captioned |= {next((j for j in range(i + 1, min(i + 4, len(lines))) if lines[j]), i) for i in labels} - set(labels)
    lines = [line[: credits_at[i].start()] if i in credits_at else line for i, line in enumerate(lines)]
    lines = _cut_footer(lines)
    signals: list[tuple[str, str]] = []
    dated: list[tuple[int, dt.date, bool]] = []  # (line index, date, has a time of day)
    partials: list[tuple[int, str, tuple[int, ...]]] = []  # (line index, kind, numbers): dates printed in part
    urls: list[str] = []
    site_tags: list[str] = []
    credits: dict[int, str] = {}  # line index -> kind, for lines removed by a rule
    keep: list[tuple[int, str] | None] = []  # None marks a paragraph break
    teasers = False  # under a `Read also` / `Related news` label: the headlines listed there are links
    for index, line in enumerate(lines):
        if not line:
            keep.append(None)
            teasers = False
            continue
        if teasers and line.rstrip("\"»”’') ")[-1:] not in ".!?…" and count_words(line) <= TEASER_MAX_WORDS \
                and classify_line(line) not in ("copyright", "source-line"):
            credits[index] = "teaser"
            keep.append(None)
            continue
        teasers = bool(_TEASER_LABEL.match(line))
        date_line = parse_date_line(line)
        partial = None if date_line else parse_partial_date_line(line)
        kind = "date" if date_line or partial else classify_line(line)
        if kind is None and _URL_LINE.match(line):
            kind = "url"
            urls.append(line if "://" in line else "https://" + line)
        if partial:
            partials.append((index, *partial))
        if kind is None and normalize_line(line) in learned:
            kind = "learned"
        if kind is None and _is_credit_line(line, knowledge):
            kind = "credit"
            signals.append(("byline", line.strip(" /()")))
        if kind is None and _KEYWORD_LIST.match(line):
            kind = "tags"
            site_tags.append(line)
        if date_line:
            dated.append((index, *date_line))
        if kind:
            credits[index] = kind
        if kind:
            signals.extend(_signals_of(kind, line))
            keep.append(None)
        else:
            keep.append((index, line))
    blocks = _split_blocks(keep)
    blocks = _split_headline_from_text(blocks)
    # a block is prose when a line of it is, or the sentence its wrapped lines make together is
    prose_blocks = [i for i, block in enumerate(blocks) if any(is_prose(p) for p in _join_wrapped([l for _, l in block]))]
    first_prose = find_text_start(blocks, prose_blocks, captioned) if prose_blocks else len(blocks)
    last_prose = prose_blocks[-1] if prose_blocks else -1
    title_candidates: list[tuple[int, str]] = []
    crumbs: list[str] = []
    for index, line in (item for block in blocks[:first_prose] for item in block):
        if _BREADCRUMB.match(line):
            crumbs.append(re.sub(r"^\d{1,2}[.)]\s+", "", line))
        elif _BYLINE.match(line) and count_words(line) <= 8:
            signals.append(("byline", line))
        elif _is_tag_line(line):
            site_tags.append(line)
        elif count_words(line) >= 3:
            title_candidates.append((index, line))
        elif knowledge.find_publisher(line):
            signals.append(("byline", line))
    ranked = order_title_candidates(title_candidates, crumbs, lines, frozenset(captioned))
    first_title = min((i for i, _ in title_candidates), default=len(lines))
    last_text = max((i for i, _ in blocks[last_prose]), default=len(lines)) if prose_blocks else len(lines)
    # The page's own date (the day it was viewed) stands above the headline block, without a time of day or with a
    # running clock's seconds (`04 июля 2025 07:21:47`).
    first_title = min((i for i, line in title_candidates if count_words(line) >= 5), default=first_title)
    page_date = next((d for i, d, timed in dated if i < first_title and (not timed or _CLOCK_SECONDS.search(lines[i]))), None)
    text_start = blocks[first_prose][0][0] if first_prose < len(blocks) else len(lines)
    # A date printed between the headline and the text is the article's byline; one above the headline may be a
    # widget's (`На 04.06.2025`, `Тюмень, понедельник, 2 февраля 2026`): the byline under the headline comes first.
    byline_dates = tuple(d for i, d, timed in sorted(dated, key=lambda item: not first_title <= item[0] < text_start)
                         if d != page_date and i <= last_text)
    month_years = tuple(numbers for i, kind, numbers in partials if kind == "month-year")
    day_months = tuple(numbers for i, kind, numbers in partials if kind == "day-month" and i <= last_text)
    days_ago = tuple(numbers[0] for i, kind, numbers in partials if kind == "days-ago" and first_title <= i < text_start)
    title_keys = {normalize_line(t.text) for t in ranked} | {normalize_line(c) for c in crumbs}
    # a passage with a `Read more »` link under it, after the article's first, is a teaser of another page
    teased = {i for i, line in enumerate(lines) if _READ_MORE.match(line)}
    body = [[l for i, l in block if i not in captioned] for number, block in enumerate(blocks[first_prose : last_prose + 1])
            if not number or block[-1][0] + 1 not in teased]
    body_blocks = _drop_menu_runs([block for block in body if block])
    paragraphs: list[str] = []
    for block in body_blocks:
        for paragraph in _join_wrapped(block):
            if normalize_line(paragraph) in title_keys:
                continue
            paragraphs.append(repair_glued_sentences(paragraph))
    after_credit = {
        normalize_line(lines[j])
        for i, kind in credits.items()
        for j in range(i + 1, min(i + 3, len(lines)))
        if lines[j] and kind in ("credit",)
    }
    labelled = {normalize_line(lines[i + 1]) for i, kind in credits.items() if kind == "caption-label" and i + 1 < len(lines)}
    paragraphs = [p for p in _drop_captions(paragraphs, after_credit) if normalize_line(p) not in labelled]
    paragraphs = _drop_repeated_leads(paragraphs)
    return Cleaned(
        titles=tuple(ranked),
        text_line=blocks[first_prose][0][0] if first_prose < len(blocks) else len(lines),
        paragraphs=tuple(paragraphs),
        page_date=page_date,
        site_tags=tuple(site_tags),
        signals=tuple(signals),
        byline_dates=byline_dates,
        month_years=month_years,
        day_months=day_months,
        days_ago=days_ago,
        urls=tuple(urls),
    )


WRAP_MIN_LINES = 8
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 40, 110
WRAP_SLACK = 18  # a wrapped line ends within about one long word of the width


def find_wrap_width(lines: Sequence[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when its lines are not of one wrapped width: the width
    under which the most long lines end within one long word, holding at least half of them."""
    lengths = sorted(len(line) for line in lines if len(line) >= WRAP_MIN_WIDTH - WRAP_SLACK)
    if len(lengths) < WRAP_MIN_LINES:
        return None
    widths = [w for w in sorted(set(lengths)) if WRAP_MIN_WIDTH <= w <= WRAP_MAX_WIDTH]
    if not widths:
        return None
    best_count, width = max((sum(1 for n in lengths if w - WRAP_SLACK <= n <= w), -w) for w in widths)
    width = -width  # of equal counts, the narrowest: the longest line of the wrapped text
    longer = sum(1 for n in lengths if n > width + 2)
    if best_count >= max(WRAP_MIN_LINES, 0.5 * len(lengths)) and longer <= 0.25 * len(lengths):
        return width
    return None


def unwrap_lines(lines: list[str], knowledge: Knowledge | None = None) -> list[str]:
    """Join the lines of a hard-wrapped text back into paragraphs (a line filled to the wrap width goes on in the
    next); text that is not hard-wrapped is returned as it is."""
    width = find_wrap_width(lines)
    if width is None:
        return lines
    result: list[str] = []
    open_line = False  # the last line of `result` was filled to the width: the next one continues it
    for line in lines:
        if open_line and line and not classify_line(line) and not _BREADCRUMB.match(line) \
                and not parse_date_line(line) and not parse_partial_date_line(line) and not _INLINE_CREDIT.search(line) \
                and not (knowledge and count_words(line) <= 3 and knowledge.find_publisher(line)):
            result[-1] = _join_lines(result[-1], line)
        else:
            result.append(line)
        open_line = bool(line) and len(line) >= width - WRAP_SLACK and not classify_line(line) \
            and not _INLINE_CREDIT.search(line)
    return result


PREAMBLE_MAX_WORDS = 50
_PLACE_THEN_COMMA = re.compile(r"^[^\W\d_][^\s,]*(?:\s[^\W\d_][^\s,]*)?,\s+")


def _opens_with_dateline(line: str) -> bool:
    """`TOShKENT, 20 mar - Sputnik.`: a place (one or two words), a comma, then a day and month."""
    match = _PLACE_THEN_COMMA.match(line)
    return bool(match and find_day_month(line[match.end() : match.end() + 12]))


def find_text_start(blocks: list[list[tuple[int, str]]], prose_blocks: list[int], captioned: set[int]) -> int:
    """The block where the article begins: the first prose block, unless it is a short passage (a cookie notice, an
    appeal, a teaser) separated from later prose by what looks like the headline block (two or more lines, one of
    them a headline-like line of four words or more) — and not when it opens with a day and month, as a dateline
    does (`TOShKENT, 20 mar - Sputnik.`: a short lead with a teaser card under it)."""
    for number, current in enumerate(prose_blocks[:-1]):
        following = prose_blocks[number + 1]
        words = sum(count_words(line) for _, line in blocks[current])
        between = [line for block in blocks[current + 1 : following] for index, line in block if index not in captioned]
        headline_like = any(count_words(line) >= 4 and line[-1:] not in ".!?" for line in between)
        if words >= PREAMBLE_MAX_WORDS or len(between) < 2 or not headline_like \
                or _opens_with_dateline(blocks[current][0][1]):
            return current
    return prose_blocks[-1] if len(prose_blocks) == 1 else prose_blocks[0]


def _join_lines(first: str, second: str) -> str:
    """Two lines of one wrapped paragraph: a word wrapped at its hyphen (`вице-` / `президент`) stays one word."""
    if first.endswith("-") and first[-2:-1].isalpha() and second[:1].islower():
        return first + second
    return f"{first} {second}"


def _split_headline_from_text(blocks: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
    """Label lines stuck to the top of a prose block (a headline with no blank line after it) stand apart."""
    result: list[list[tuple[int, str]]] = []
    for block in blocks:
        # judged on sentences: lines that run on into the next (which starts in lower case) belong together
        starts, paragraphs = [], []
        for position, (_, line) in enumerate(block):
            if paragraphs and paragraphs[-1][-1:] not in TERMINAL and line[:1].islower():
                paragraphs[-1] = f"{paragraphs[-1]} {line}"
            else:
                starts.append(position)
                paragraphs.append(line)
        first = next((starts[i] for i, paragraph in enumerate(paragraphs) if is_prose(paragraph)), None)
        if not first:
            result.append(block)
            continue
        result += [[item] for item in block[:first]] + [block[first:]]
    return result


def _cut_footer(lines: list[str]) -> list[str]:
    """Everything from an appeal or paywall line in the last part of the text on is not the article."""
    for index, line in enumerate(lines):
        if index >= len(lines) * 0.4 and _FOOTER_START.match(line):
            return lines[:index]
    return lines


def _signals_of(kind: str, line: str) -> Iterable[tuple[str, str]]:
    if kind == "source-line":
        match = _SOURCE_LINE.match(line)
        if match:
            yield "source-line", match.group("source").strip(" .")
    elif kind == "copyright":
        match = _COPYRIGHT.search(line)
        if match and match.group("name").strip().isdigit():
            match = _COPYRIGHT_BEFORE.match(line)
        if match and not match.group("name").strip().isdigit():
            yield "copyright", match.group("name").strip()
    elif kind == "promo":
        for match in _PROMO_NAME.finditer(line):
            yield "promo", match.group("name").strip()


def _is_credit_line(line: str, knowledge: Knowledge) -> bool:
    """A short line that is only an agency's name: a byline or a photo credit."""
    if count_words(line) > 4:
        return False
    publisher = knowledge.find_publisher(line.strip(" /()—–-"))
    return bool(publisher and publisher.agency)


_HEADLINE_WORDS = frozenset(
    "to in of for on with at as after over from by and or but is are was were will says said amid against into "
    "than about under up out new".split()
)


def _is_tag_line(line: str) -> bool:
    """A row of capitalized keywords with no punctuation, as sites print their tags above a headline (a Title Case
    headline has its small words: `Pope Francis Plans September Trip To Kazakhstan`)."""
    words = line.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words) or re.search(r"[.,:;!?\"«»“”]", line):
        return False
    return not any(w.lower() in _HEADLINE_WORDS for w in words)


def _split_blocks(keep: list[tuple[int, str] | None]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for line in keep:
        if line is None:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def order_title_candidates(
    candidates: list[tuple[int, str]], crumbs: list[str], lines: list[str], captioned: frozenset[int] = frozenset()
) -> list[TitleLine]:
    """Headline candidates in page order, once each, marked when the page prints them twice (the extractor scores them)."""
    occurrences = Counter(normalize_line(l) for l in lines if l)
    crumb_keys = {normalize_line(c) for c in crumbs}
    unique: list[TitleLine] = []
    seen: set[str] = set()
    for index, line in sorted(candidates):
        key = normalize_line(line)
        if key not in seen:
            seen.add(key)
            unique.append(TitleLine(line, occurrences[key] > 1 or key in crumb_keys, index, index in captioned))
    return unique


def _drop_menu_runs(blocks: list[list[str]]) -> list[list[str]]:
    """Runs of three or more short label lines (menus, tag clouds) inside the text span are navigation."""
    flat: list[tuple[int, str]] = [(i, line) for i, block in enumerate(blocks) for line in block]
    short = [count_words(line) <= MENU_MAX_WORDS and line[-1:] not in TERMINAL for _, line in flat]
    drop = set()
    start = 0
    while start < len(flat):
        end = start
        while end < len(flat) and short[end]:
            end += 1
        if end - start >= MENU_MIN_RUN:
            drop.update(range(start, end))
        start = end + 1 if end == start else end
    result: list[list[str]] = [[] for _ in blocks]
    for index, (block, line) in enumerate(flat):
        if index not in drop:
            result[block].append(line)
    return [block for block in result if block]


def _join_wrapped(block: list[str]) -> list[str]:
    """Lines of one block are one paragraph when hard-wrapped (the next starts in lower case), else separate."""
    paragraphs: list[str] = []
    for line in block:
        if paragraphs and paragraphs[-1][-1:] not in TERMINAL and line[:1].islower():
            paragraphs[-1] = _join_lines(paragraphs[-1], line)
        else:
            paragraphs.append(line)
    return paragraphs


def _drop_captions(paragraphs: list[str], after_credit: set[str]) -> list[str]:
    """A one-sentence paragraph that followed a credit line in the seed and reads like a caption."""
    kept = []
    for paragraph in paragraphs:
        one_sentence = len(re.findall(r"[.!?](?:\s|$)", paragraph)) <= 1
        if not (normalize_line(paragraph) in after_credit and one_sentence and _CAPTION_CUE.search(paragraph)):
            kept.append(paragraph)
    return kept


def _drop_repeated_leads(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph repeated later, or whose text opens one of the next paragraphs (a standfirst/lead)."""
    kept = []
    for index, paragraph in enumerate(paragraphs):
        key = normalize_line(paragraph)
        later = [normalize_line(p) for p in paragraphs[index + 1 : index + 4]]
        repeated_later = count_words(paragraph) >= 6 and any(other.startswith(key) for other in later)
        if not repeated_later and key not in (normalize_line(p) for p in kept):
            kept.append(paragraph)
    return kept


def find_outlet_key(text: str, url: str | None) -> str:
    """Which outlet a raw seed came from, for learning its boilerplate: URL host, else copyright holder, else ''."""
    if not url:  # a scraper's source line near the top of the page
        url = next((line.strip() for line in text.split("\n")[:15] if _URL_LINE.match(line.strip())), None)
    if url:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("/")[0]
        if host:
            return host
    for line in text.split("\n"):
        if any(map(line.lower().__contains__, ("copyright", "©", "(c)"))):
            match = _COPYRIGHT.search(line)
            if match:
                return match.group("name").strip().casefold()
    return ""
