"""Privacy: a resource's address says no more than its location's precision allows
(model/privacy.py: a hidden place has none, an approximate one stops at the 町丁目), a
place that is not exact carries no 「元の一覧の項目」, and a contact is an organisation's
window, never a private person's mail address or mobile number."""

from __future__ import annotations

import re
import unicodedata

from ...model.privacy import approximate_address
from ..load import Document
from ..problems import shown, visible
from .context import Context


def address_privacy(ctx: Context, doc: Document, base: tuple, resource: dict) -> None:
    """The address says no more than the location's precision allows (privacy.py), and a
    place whose address is hidden carries no 「元の一覧の項目」 (a 郵便番号 or a 方書 there
    would say what the address does not)."""
    location, address = resource.get("location"), resource.get("address")
    precision = location.get("precision") if isinstance(location, dict) else None
    if precision in ("approximate", "hidden") and isinstance(resource.get("source_fields"), list) \
            and resource["source_fields"]:
        ctx.add(doc, base + ("source_fields",), "private-source-fields",
                f"位置・住所を公開しない資源（precision: {precision}）には元の一覧の項目を書きません"
                "（郵便番号や建物名が住所の手がかりになるため）", "source_fields を消してください")
    if not isinstance(address, str) or not address.strip():
        return
    cut = approximate_address(address)  # "" when nothing of it may be shown (「山田様方」)
    if precision == "hidden":
        ctx.add(doc, base + ("address",), "private-address",
                "位置を公開しない資源（precision: hidden）には住所を書きません（個人宅の住所を守るため）",
                "address を消してください。おおよその場所を示すなら precision: approximate にして、"
                + (f'住所を町丁目まで（address: "{visible(cut)}"）にします' if cut else "住所を町丁目までにします"))
    elif precision == "approximate" and cut != address.strip():
        ctx.add(doc, base + ("address",), "private-address",
                f"おおよその位置（precision: approximate）の資源の住所は町丁目までです: {shown(address)}",
                (f'address: "{visible(cut)}" にしてください' if cut else "address を消してください")
                + "（番地・建物名・「様方」・家や建物の名前は書きません）。公共の施設なら precision: exact にできます")


# Contact details that are almost always a person's own, not an organisation's window.
PERSONAL_MAIL_DOMAINS = ("gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com", "ymail.ne.jp", "ymail.com",
                         "icloud.com", "me.com", "mac.com", "outlook.jp", "outlook.com", "hotmail.com",
                         "hotmail.co.jp", "live.jp", "live.com", "msn.com", "aol.com", "proton.me", "protonmail.com",
                         "ybb.ne.jp", "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp",
                         "disney.ne.jp")
# 携帯電話・PHS（070/080/090）、FMC（060）、M2M・ポケベル（020）
MOBILE_PREFIXES = ("020", "060", "070", "080", "090")


def phone_digits(phone: str) -> str:
    """The number as a domestic string of digits: full-width folded, separators dropped,
    +81 / 0081 / (81) written as the leading 0."""
    digits = re.sub(r"[^0-9+]", "", unicodedata.normalize("NFKC", phone))
    digits = re.sub(r"^(?:\+|00)81", "0", digits)
    return digits.lstrip("+")


def mail_domain(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().lower().rsplit("@", 1)[-1].rstrip(".")


def is_personal_mail(email: str) -> bool:
    domain = mail_domain(email)
    return any(domain == d or domain.endswith("." + d) for d in PERSONAL_MAIL_DOMAINS)


def is_mobile_phone(phone: str) -> bool:
    return phone_digits(phone).startswith(MOBILE_PREFIXES)


def organisation_contact(ctx: Context, doc: Document, where: tuple, contact: dict) -> None:
    """Refuse contact details that are almost certainly a private person's."""
    email, phone = contact.get("email"), contact.get("phone")
    if isinstance(email, str) and is_personal_mail(email):
        ctx.add(doc, where + ("email",), "personal-contact",
                f"{shown(email)}は個人のメールアドレスのようです。連絡先は組織の窓口だけを載せます",
                "団体・施設・行政の窓口のアドレスにするか、email を消してください")
    if isinstance(phone, str) and is_mobile_phone(phone):
        ctx.add(doc, where + ("phone",), "personal-contact",
                f"{shown(phone)}は携帯電話の番号です。個人の番号は載せません",
                "団体・施設・行政の窓口の番号にするか、phone を消してください")
