"""YAML syntax errors in Japanese, on the line to fix, with the column and a named cause.

libyaml's messages are English and often point past the mistake: a full-width colon on
line 3 is reported as "could not find expected ':'" on line 4, a line indented with
full-width spaces one line late, an unclosed quote wherever the next quote happens to be.
`syntax_problem` reads the error and the text around it and names what a contributor can
act on: 全角のコロン, タブ, 全角スペースの字下げ, 字下げのずれ, 引用符の閉じ忘れ, 括弧の閉じ忘れ,
値の中の「: 」, エスケープ, … The parser's own words go into the hint only when no named
cause fits.
"""

from __future__ import annotations

import re

import yaml

from . import characters
from .problems import Problem

# libyaml counts these as line breaks (YAML 1.1), so marks are in these lines
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_LINE_BREAK = re.compile("\r\n|[\r\n]")
_INDENT_HINT = "同じ階層の項目は、同じ数の半角スペースで字下げしてください"


def unreadable_characters(shown: str, text: str) -> list[Problem]:
    """Characters no YAML file may hold, each with its line and column as an editor counts them
    (libyaml stops on a NUL without a line, and counts NEL, U+2028 and U+2029 as line breaks);
    at most 10."""
    out = []
    for m in characters.NOT_IN_FILES.finditer(text):
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
        line = len(_EDITOR_LINE_BREAK.findall(text, 0, m.start())) + 1
        c = m.group()
        breaks = c in "\x85\u2028\u2029"
        out.append(Problem(shown, line, "", "bad-character",
                           f"{'改行として読まれる文字' if breaks else '使えない文字'} {characters.name(c)}があります"
                           f"（{m.start() - line_start + 1} 文字目）",
                           "見えない文字です。その文字を消してください（コピー元の書式が混ざることがあります）"))
        if len(out) == 10:
            break
    return out


def syntax_problem(shown: str, text: str, exc: yaml.YAMLError) -> Problem:
    lines = _LINE_BREAK.split(text)
    line, column, cause, hint = _explain(lines, exc)
    where = f"（{column} 文字目）" if column else ""
    return Problem(shown, line, "", "yaml-syntax", f"YAML の書き方の誤り: {cause}{where}", hint)


def _explain(lines: list[str], exc: yaml.YAMLError) -> tuple[int, int, str, str]:
    """(line, column, cause, hint), line and column counted from 1."""
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    pm = getattr(exc, "problem_mark", None)
    cm = getattr(exc, "context_mark", None)
    if pm is None:
        pm = cm
    if pm is None:  # a ReaderError (unreadable_characters runs first) or anything without a mark
        return 1, 0, "YAML として読めません", f"ファイルの書き方を確かめてください（パーサー: {problem or exc}）"
    p_line, p_col = pm.line, pm.column
    c_line = cm.line if cm is not None else p_line

    def text(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    def char_at(n: int, col: int) -> str:
        return text(n)[col:col + 1]

    # 1. indentation with full-width spaces or tabs: the error shows on this line or the next
    for n in (p_line - 1, p_line):
        m = re.match(r"[ \t]*\u3000", text(n))
        if m:
            return n + 1, m.end(), "全角スペース「　」で字下げしています", "字下げは半角スペースで書いてください"
    if char_at(p_line, p_col) == "\t" or re.match(r" *\t", text(p_line)):
        col = text(p_line).index("\t") + 1 if "\t" in text(p_line) else p_col + 1
        return p_line + 1, col, "タブ文字で字下げしています", "字下げはタブではなく半角スペースで書いてください"
    # 2. a key without its colon
    if "could not find expected ':'" in problem:
        line = text(c_line)
        if "：" in line:
            return (c_line + 1, line.index("：") + 1, "全角のコロン「：」が使われています",
                    "「名前: 値」のコロンは半角の「:」と、その後に半角スペースです")
        return (c_line + 1, (cm.column + 1) if cm is not None else 1,
                "「:」がありません（「名前: 値」の形になっていません）",
                "項目名の後に半角の「: 」を書いてください。前の行の文章の続きなら、字下げを前の行とそろえてください")
    # 3. quotes and brackets left open
    if "quoted scalar" in context and "end of stream" in problem and cm is not None:
        quote = char_at(c_line, cm.column) or "\""
        return (c_line + 1, cm.column + 1, f"引用符「{quote}」が閉じられていません",
                f"値の終わりにも「{quote}」を書いてください")
    flow = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
    for name, (open_, close) in flow.items():
        if name in context and cm is not None:
            return (c_line + 1, cm.column + 1, f"「{open_}」に対応する「{close}」がありません",
                    f"「{open_}」で始めた一覧は、同じ行の終わりに「{close}」で閉じてください（要素の間は「, 」）")
    # 4. special characters at the start of a value
    if "escape" in problem or "hexdecimal" in problem or "Unicode character escape" in problem:
        return (p_line + 1, p_col + 1, "ダブルクォート「\"」の中の「\\」はエスケープとして読まれます",
                "「\\」を文字として書くなら、値を ' で囲むか「\\\\」と書いてください")
    if "anchor" in context or "alias" in context:
        mark = cm if cm is not None else pm
        return (mark.line + 1, mark.column + 1, "「&」「*」で始まる値は YAML のアンカー・別名として読まれます",
                "文字として書くなら、値を引用符で囲んでください（例: \"*注意\"）")
    if "directive" in context or "directive" in problem:
        mark = cm if cm is not None else pm
        return (mark.line + 1, mark.column + 1, "「%」で始まる行は YAML の指示として読まれます",
                "行頭の「%」を消すか、値を引用符で囲んでください")
    if "document indicator" in problem:
        return (p_line + 1, p_col + 1, "引用符の中の行頭に「---」か「...」があります",
                "その行を字下げするか、文字を変えてください")
    if "<document start>" in problem:
        return (p_line + 1, p_col + 1, "文書の終わり（「...」か「---」）の後に文字があります",
                "1ファイル＝1件です。「---」「...」の行を消してください")
    if "block scalar" in context:
        return (p_line + 1, p_col + 1, "「|」や「>」の後の書き方に誤りがあります",
                "「|」「>」の後には改行し、文章を一段深く字下げして書いてください")
    if "cannot start any token" in problem:
        c = char_at(p_line, p_col)
        if c in "@`%!&*|>":
            return (p_line + 1, p_col + 1, f"「{c}」で始まる値はそのまま書けません",
                    f"値を引用符で囲んでください（例: \"{c}…\"）")
        return p_line + 1, p_col + 1, f"ここに「{c}」は書けません", "値を引用符で囲んでください"
    # 5. a colon inside a value, or a line read as the continuation of the previous value
    if "mapping values are not allowed" in problem:
        before = text(p_line)[:p_col]
        if re.search(r"\S:\s|：", before) or (":" in before and before.strip()[:1] == "-"):
            return (p_line + 1, p_col + 1, "値の中に「: 」があります",
                    "「: 」を含む値は引用符で囲んでください（例: title: \"題名: 副題\"）")
        return (p_line + 1, _indent(text(p_line)) + 1, "字下げがずれています（前の行の値の続きとして読まれています）",
                _INDENT_HINT)
    # 6. a quoted value closed too early or never closed
    quoted = _unclosed_quote(lines, c_line, p_line)
    if quoted is not None:
        n, col, quote = quoted
        return n + 1, col + 1, f"引用符「{quote}」が閉じられていません", f"値の終わりにも「{quote}」を書いてください"
    before = text(p_line)[:p_col].rstrip()
    if before.endswith(("\"", "'")) and before.strip() not in ("\"", "'"):
        return (p_line + 1, p_col + 1, "引用符で囲んだ値の後に文字が続いています",
                "値の中の「\"」は「\\\"」と書くか、値全体を ' で囲んでください")
    c = char_at(p_line, p_col)
    if c in "]}":
        opening = "[" if c == "]" else "{"
        return p_line + 1, p_col + 1, f"対応する「{opening}」のない「{c}」があります", "余分な括弧を消してください"
    # 7. indentation
    if "expected key" in problem or "'-' indicator" in problem or "<block end>" in problem:
        indent = _indent(text(p_line))
        if cm is not None and "expected key" in problem and text(p_line).lstrip().startswith("-") \
                and indent == cm.column:
            return (p_line + 1, indent + 1, "「項目: 値」の行と「- 」で始まる一覧の行が同じ字下げで混ざっています",
                    "一覧は項目名の行（「名前:」）の下に、一段深く字下げして書いてください")
        if cm is not None and indent != cm.column:
            return (p_line + 1, indent + 1,
                    f"字下げがずれています（この行は半角スペース {indent} 個、同じ階層は {cm.column} 個）",
                    _INDENT_HINT)
        return p_line + 1, indent + 1, "字下げがずれています", _INDENT_HINT
    if "expected node content" in problem:
        return p_line + 1, p_col + 1, "値がありません", "「- 」や「: 」の後に値を書いてください"
    if "comment or line break" in problem:
        return p_line + 1, p_col + 1, "値の後に余分な文字があります", "値を引用符で囲むか、余分な文字を消してください"
    return (p_line + 1, p_col + 1, "YAML として読めません",
            f"字下げ（半角スペース）、「:」の後の空白、引用符の閉じ忘れを確かめてください（パーサー: {problem or context}）")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# a value that starts with a quote: `key: "…`, `- "…`, `- key: '…`
_QUOTED_START = re.compile(r"^\s*(?:-\s+)*(?:[^\s\"'#][^\"'#]*?:\s+)?([\"'])")


def _unclosed_quote(lines: list[str], first: int, last: int) -> tuple[int, int, str] | None:
    """The first line in first..last whose value opens a quote it does not close."""
    for n in range(max(first, 0), min(last, len(lines) - 1) + 1):
        line = lines[n]
        m = _QUOTED_START.match(line)
        if not m:
            continue
        quote, rest = m.group(1), line[m.end():]
        closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) if quote == "\"" else re.search(r"'(?!')", rest.replace("''", ""))
        if not closed:
            return n, m.start(1), quote
    return None
