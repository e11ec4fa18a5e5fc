"""A synthetic national 通いの場 file in MHLW's published layout (38 columns, UTF-8 with BOM,
CRLF; formats/README.md §1), for tests and benchmarks — never site content.

Real municipality codes and representative points (municipalities.py); every name starts
with 「合成データ」, addresses are in 「合成データ町」, telephone numbers are 0000-…, so
nothing here can be taken for a real place. It has what the real file has: `0,0` points,
full-width and 「10時30分」 times, 「（改行）」 line breaks, 0/1 flags, residents' rows
without a 法人 next to rows with one, a few codes without their leading zero or check
digit, rows outside their municipality, a 休止 row, empty municipalities.

    python -m benchmarks.synthetic_kayoinoba OUT.csv [--rows 15486] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from pathlib import Path

from generator.model import municipalities

HEADER = ("No", "都道府県コード", "都道府県名", "市区町村コード", "市区町村名", "備考", "名称（ふりがな）", "名称",
          "郵便番号", "所在地（都道府県から番地まで）", "所在地（建物名・部屋番号等）", "電話番号", "対象者", "活動内容",
          "運営日（平日）－開始", "運営日（平日）－終了", "運営日（土曜）－開始", "運営日（土曜）－終了",
          "運営日（日曜）－開始", "運営日（日曜）－終了", "運営日（祝日）－開始", "運営日（祝日）－終了",
          "定休日", "定員", "料金体系", "飲食の提供の有無", "飲食持ち込みの可否", "送迎の有無", "対象エリア",
          "総合事業実施の有無", "その他", "法人番号の有無", "法人番号", "法人名称（ふりがな）", "法人名称",
          "ステータス", "緯度", "経度")
ACTIVITIES = ("体操", "体操、茶話会", "会食（改行）おしゃべり", "脳トレ・認知症予防", "手芸とお茶", "ウォーキング",
              "百歳体操（改行）茶話会", "農作業と会食", "カラオケ", "多世代交流の集い")
TIMES = (("10:00", "11:30"), ("９：３０", "１１：００"), ("10時", "12時"), ("13:30", "15:00"), ("14時00分", "16時00分"),
         ("9:00", "10:00"), ("", ""))
KINDS = ("いきいき体操", "ふれあいサロン", "茶の間", "百歳体操")
CORPORATIONS = ("合成データ社会福祉法人やまびこ会", "合成データ市社会福祉協議会", "特定非営利活動法人合成データの会",
                "合成データ株式会社", "医療法人合成データ会")


def municipality_pool() -> list:
    return [m for _, m in sorted(municipalities.load().items()) if m.name and m.lat is not None]


def rows(n: int, seed: int = 1, pool: list | None = None):
    """Yield `n` data rows (lists of 38 strings), ordered by municipality code."""
    rng = random.Random(seed)
    pool = pool or municipality_pool()
    weights = [rng.paretovariate(1.2) for _ in pool]
    counts: dict[str, int] = {}
    for m in rng.choices(pool, weights, k=n):
        counts[m.code] = counts.get(m.code, 0) + 1
    number = 0
    for m in pool:
        for i in range(counts.get(m.code, 0)):
            number += 1
            kind = rng.random()
            corporate = kind < 0.3
            if number % 997 == 0:          # a point at 0,0 (the real file has 3)
                lat, lon = "0", "0"
            elif number % 1499 == 0:       # far outside its municipality
                lat, lon = "26.2124", "127.6792"
            elif number % 211 == 0:        # no point
                lat, lon = "", ""
            else:
                lat = f"{m.lat + rng.uniform(-0.03, 0.03):.6f}"
                lon = f"{m.lon + rng.uniform(-0.03, 0.03):.6f}"
            code = m.code
            if number % 401 == 0:
                code = code[:5].lstrip("0")  # 5 digits without the check digit and leading zero
            weekday = rng.choice(TIMES)
            saturday = rng.choice(TIMES) if rng.random() < 0.2 else ("", "")
            sunday = ("10:00", "11:00") if rng.random() < 0.05 else ("", "")
            holiday = weekday if rng.random() < 0.1 else ("", "")
            chome = rng.randint(1, 9)
            yield [
                str(number), m.code[:2], m.prefecture, code, m.name,
                "合成データ（架空）" if i == 0 else "",
                "ごうせいでーた", f"合成データ{m.name}{rng.choice(KINDS)}の会{i + 1}",
                "000-0000", f"{m.prefecture}{m.name}合成データ町{chome}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                rng.choice(("合成データ会館 2階", "", "", "合成データ様方")),
                rng.choice(("0000-00-0000", "090-0000-0000", "")),
                rng.choice(("65歳以上の方", "どなたでも", "要介護の方も参加できます", "")),
                rng.choice(ACTIVITIES),
                *weekday, *saturday, *sunday, *holiday,
                rng.choice(("", "土日祝", "年末年始", "第2月曜日")),
                rng.choice(("20", "", "30名程度")), rng.choice(("無料", "1回100円", "")),
                rng.choice(("0", "1", "")), rng.choice(("0", "1", "")), rng.choice(("0", "1", "")),
                f"合成データ町{chome}丁目", rng.choice(("0", "1", "")),
                rng.choice(("", "雨天中止（改行）お気軽にどうぞ")),
                "1" if corporate else "0", "0000000000000" if corporate else "", "",
                rng.choice(CORPORATIONS) if corporate else "",
                "休止" if number % 733 == 0 else "", lat, lon,
            ]


def write(path: Path, n: int, seed: int = 1, pool: list | None = None) -> Path:
    """The file as MHLW publishes it: UTF-8 with BOM, CRLF."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows(n, seed, pool))
    return path


def text(n: int, seed: int = 1, pool: list | None = None) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, *rows(n, seed, pool)])
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=15486)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write(args.out, args.rows, args.seed)


if __name__ == "__main__":
    main()
