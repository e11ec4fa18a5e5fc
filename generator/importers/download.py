"""Downloading a registered source's file (`generator update`), with the standard library only.

A publisher's server is not trusted to behave: every hop of a redirect must stay on http or
https (urllib's own redirect handler would follow ftp:, and its default opener also opens
file: and data:, so the opener here is built from the HTTP handlers alone); a connect or read
that stalls ends after `timeout` seconds, a body larger than `max_bytes` is stopped as soon as
it passes the cap (announced by Content-Length or not), and a server that keeps sending
slowly is stopped after `total_seconds` (checked after every chunk, so the whole download
ends within total_seconds + timeout). A body shorter than its Content-Length is a cut
download. ETag / Last-Modified of the last download are sent back (conditional GET), so an
unchanged file costs a 304 and is not fetched again.

`kind()` says what the bytes are, by their first bytes and not by the URL: csv, zip, xlsx,
or html (an error page served instead of the data), xls, pdf, empty.
"""

from __future__ import annotations

import http.client
import io
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass

TIMEOUT = 30                  # seconds for a connect or one read
MAX_BYTES = 200_000_000       # a published list is a few MB; MHLW's national file ~30 MB
TOTAL_SECONDS = 600           # the whole download
MAX_REDIRECTS = 5
CHUNK = 65_536
USER_AGENT = "chiiki-atlas-update/1 (+https://github.com/)"


class DownloadError(Exception):
    """The download failed; the message says why, in Japanese."""


@dataclass
class Download:
    url: str                  # the URL asked for
    final_url: str            # after redirects
    status: int               # 200, or 304 (not modified: body empty)
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def web_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) URL, at most MAX_REDIRECTS times."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        if not web_url(target):
            raise DownloadError(f"転送先 {target[:200]} は http / https ではありません（転送は http と https だけ"
                                "たどります）")
        return super().redirect_request(req, fp, code, msg, headers, target)


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    _Redirects(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def fetch(url: str, *, etag: str = "", last_modified: str = "", timeout: float = TIMEOUT,
          max_bytes: int = MAX_BYTES, total_seconds: float = TOTAL_SECONDS) -> Download:
    """GET `url` (http/https only); DownloadError with the reason when it fails."""
    if not web_url(url):
        raise DownloadError(f"URL {url[:200]} は http:// か https:// ではありません")
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + total_seconds
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise DownloadError(f"ファイルが大きすぎます（{int(length):,} バイト。上限 {max_bytes:,} バイト）")
            body = io.BytesIO()
            while True:
                chunk = response.read1(CHUNK)  # what has arrived, so the checks below run between chunks
                if not chunk:
                    break
                body.write(chunk)
                if body.tell() > max_bytes:
                    raise DownloadError(f"ファイルが大きすぎます（上限 {max_bytes:,} バイトを超えました）")
                if time.monotonic() > deadline:
                    raise DownloadError(f"ダウンロードが {total_seconds:g} 秒で終わりませんでした")
            if length and length.strip().isdigit() and body.tell() < int(length):
                raise DownloadError(f"ダウンロードが途中で切れました（{int(length):,} バイトのうち {body.tell():,} バイト）")
            return Download(url, response.geturl(), response.status, body.getvalue(),
                            response.headers.get("ETag", ""), response.headers.get("Last-Modified", ""),
                            response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Download(url, exc.geturl() or url, 304, b"", exc.headers.get("ETag", "") or etag,
                            exc.headers.get("Last-Modified", "") or last_modified)
        raise DownloadError(f"サーバーが {exc.code} {exc.reason} を返しました") from None
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"ダウンロードが途中で切れました（{len(exc.partial):,} バイトで終わりました）") from None
    except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        if isinstance(reason, DownloadError):
            raise reason from None
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise DownloadError(f"サーバーが {timeout:g} 秒以内に応えませんでした") from None
        raise DownloadError(f"ダウンロードできません（{type(exc).__name__}: {str(reason)[:200]}）") from None


# -- what the bytes are ----------------------------------------------------------------------

_HTML = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml", b"<title", b"<!--")


def kind(body: bytes) -> str:
    """csv | zip | xlsx | html | xls | pdf | empty, from the bytes (not the URL or a header)."""
    if not body.strip():
        return "empty"
    if body.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"  # the importer says it cannot be opened
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if body.startswith(b"%PDF"):
        return "pdf"
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML) or b"<html" in head:
        return "html"
    return "csv"


SUFFIX = {"csv": ".csv", "zip": ".zip", "xlsx": ".xlsx", "xls": ".xls"}
