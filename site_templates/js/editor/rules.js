/* generator/check/rules.py for one record: the cross-field rules (terms, municipality,
   location, contacts, private addresses, freshness, dates in the future, sources). */
import { isMobilePhone, isPersonalMail } from "./contacts.js";
import { D } from "./data.js";
import { dateAfter, dateReason, isoDate, isoText, monthsSince } from "./dates.js";
import { MUNI, checkDigitOk, findByName } from "./municipalities.js";
import { approximateAddress } from "./privacy.js";
import { Problem, dotted } from "./problems.js";
import { fixed0, floatRepr, pyStr } from "./pynum.js";
import { cpLength, pyStrip, shown, sortedStrings, visible } from "./pytext.js";
import { labelHint } from "./suggest.js";
import { contains, has, isArray, isDict, isNum, isStr, keys } from "./values.js";

function distanceKm(lat1, lon1, lat2, lon2) {
  var rad = Math.PI / 180, p1 = lat1 * rad, p2 = lat2 * rad, dp = p2 - p1, dl = (lon2 - lon1) * rad;
  var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin(dl / 2), 2);
  return 6371.0 * 2 * Math.asin(Math.sqrt(a));
}
function vocabIds(name) {
  var out = [], terms = D.vocabularies[name] || [];
  for (var i = 0; i < terms.length; i++) { out.push(terms[i][0]); }
  return out;
}
function dictItems(list) {
  var out = [];
  if (!isArray(list)) { return out; }
  for (var i = 0; i < list.length; i++) { if (isDict(list[i])) { out.push([i, list[i]]); } }
  return out;
}

/** rules.Rules for one record; `documents`: ids of the documents the case editor adds to
    content/documents.yaml (they count as known). */
function Rules(doc, now, documents) {
  var problems = [];
  function add(where, code, message, hint, severity) {
    problems.push(Problem(doc.path, doc.lineOf(where), dotted(where), code, message, hint, severity));
  }
  function unfinished() {
    (function walk(value, where) {
      var i;
      if (isDict(value)) { var ks = keys(value); for (i = 0; i < ks.length; i++) { walk(value[ks[i]], where.concat([ks[i]])); } }
      else if (isArray(value)) { for (i = 0; i < value.length; i++) { walk(value[i], where.concat([i])); } }
      else if (isStr(value) && value.indexOf("要記入") >= 0) {
        add(where, "unfinished", "「要記入」が残っています", "ひな形のこの項目を、出典に基づく内容に書き換えてください");
      }
    })(doc.data, []);
  }
  function generatedPaths(kind) {
    var ident = doc.data.id;
    if (!isStr(ident)) { return; }
    var templates = D.paths.record[kind] || [];
    var former = D.paths.former[kind] || {};
    for (var i = 0; i < templates.length; i++) {
      var path = templates[i].split("{id}").join(ident);
      if (isShared(path)) {
        var address = has(former, templates[i]) ? former[templates[i]].split("{id}").join(ident) : "";
        add(["id"], "reserved-id", "id" + shown(ident) + (address ? "の以前のアドレス " + address + "（404 ページが今のページへ送ります）"
          : "で作るファイル " + path + " ") + "は、サイトの共通のファイルと同じ場所になります",
          "別の id にしてください（ファイル名も合わせて変えます）" + (address ? "。以前のアドレスは、印刷物やブックマークの古いリンクのために残しています" : ""));
        return;
      }
    }
  }
  function term(where, vocab, value) {
    var known = sortedStrings(vocabIds(vocab));
    if (contains(known, value)) { return; }
    var labels = [], terms = D.vocabularies[vocab] || [], byId = {}, i;
    for (i = 0; i < terms.length; i++) { byId[terms[i][0]] = terms[i][1]; }
    for (i = 0; i < known.length; i++) { labels.push([known[i], byId[known[i]]]); }
    add(where, "unknown-term", "「" + value + "」は content/vocabularies/" + vocab + ".yaml にない用語です。使える値: " + known.join(", "),
      labelHint(value, labels) || "新しい用語が必要なら、先に用語集のファイルに追加してください");
  }
  function terms(base, item, table) {
    var fields = keys(table);
    for (var f = 0; f < fields.length; f++) {
      var field = fields[f], vocab = table[field], value = item[field];
      if (isArray(value)) {
        for (var i = 0; i < value.length; i++) { if (isStr(value[i])) { term(base.concat([field, i]), vocab, value[i]); } }
      } else if (isStr(value) && !contains(D.listFields, field)) {
        term(base.concat([field]), vocab, value);
      }
    }
  }
  function municipality(where, m) {
    if (!isDict(m) || !isStr(m.code)) { return null; }
    var code = m.code, known = has(MUNI, code) ? MUNI[code] : null;
    if (!known) {
      var byName = findByName(pyStr(has(m, "name") ? m.name : ""));
      var hint = byName.length === 1 ? byName[0].prefecture + byName[0].name + " のコードは \"" + byName[0].code + "\" です"
        : "総務省の全国地方公共団体コード（6桁、検査数字つき）を確かめてください";
      if (cpLength(code) === 6 && !checkDigitOk(code)) { hint = "6桁目の検査数字が合いません。" + hint; }
      add(where.concat(["code"]), "unknown-municipality", "市区町村コード「" + code + "」は全国地方公共団体コードにありません", hint);
      return null;
    }
    if (m.prefecture !== known.prefecture || m.name !== known.name) {
      add(where.concat(["name"]), "municipality-name-mismatch",
        "コード " + code + " は " + known.prefecture + known.name + " ですが、" + pyStr(m.prefecture) + pyStr(m.name) + " と書かれています",
        "prefecture: " + known.prefecture + "、name: " + known.name + " にしてください（またはコードを直す）");
    }
    return m;
  }
  function location(where, loc, code) {
    if (!isDict(loc)) { return; }
    var lat = loc.lat, lon = loc.lon;
    if (!isNum(lat) || !isNum(lon)) { return; }
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) { return; }
    var J = D.japan, inside = lat >= J.lat[0] && lat <= J.lat[1] && lon >= J.lon[0] && lon <= J.lon[1];
    if (!inside) {
      var sw = lon >= J.lat[0] && lon <= J.lat[1] && lat >= J.lon[0] && lat <= J.lon[1];
      add(where.concat(["lat"]), sw ? "swapped-coordinates" : "outside-japan",
        "位置 lat=" + floatRepr(lat) + ", lon=" + floatRepr(lon) + " は日本の範囲外です" + (sw ? "（緯度と経度が入れ替わっているようです）" : ""),
        sw ? "lat: " + floatRepr(lon) + "、lon: " + floatRepr(lat) + " と入れ替えてください"
           : "lat は 20〜46、lon は 122〜154 の範囲です。地理院地図で位置を確かめてください");
      return;
    }
    var m = has(MUNI, code || "") ? MUNI[code] : null, limit = D.settings.max_distance_km;
    if (m && m.lat !== null) {
      var km = distanceKm(lat, lon, m.lat, m.lon);
      if (km > limit) {
        add(where.concat(["lat"]), "far-from-municipality",
          "位置が " + m.prefecture + m.name + " の代表点から " + fixed0(km) + " km 離れています（上限 " + fixed0(limit) + " km）",
          "市区町村コードか緯度・経度の誤りではありませんか");
      }
    }
  }
  function organisationContact(where, contact) {
    if (isStr(contact.email) && isPersonalMail(contact.email)) {
      add(where.concat(["email"]), "personal-contact", shown(contact.email) + "は個人のメールアドレスのようです。連絡先は組織の窓口だけを載せます",
        "団体・施設・行政の窓口のアドレスにするか、email を消してください");
    }
    if (isStr(contact.phone) && isMobilePhone(contact.phone)) {
      add(where.concat(["phone"]), "personal-contact", shown(contact.phone) + "は携帯電話の番号です。個人の番号は載せません",
        "団体・施設・行政の窓口の番号にするか、phone を消してください");
    }
  }
  function addressPrivacy(base, r) {
    var loc = r.location, address = r.address, precision = isDict(loc) ? loc.precision : null;
    if ((precision === "approximate" || precision === "hidden") && isArray(r.source_fields) && r.source_fields.length) {
      add(base.concat(["source_fields"]), "private-source-fields",
        "位置・住所を公開しない資源（precision: " + precision + "）には元の一覧の項目を書きません" +
        "（郵便番号や建物名が住所の手がかりになるため）", "source_fields を消してください");
    }
    if (!isStr(address) || !pyStrip(address)) { return; }
    var cut = approximateAddress(address);
    if (precision === "hidden") {
      add(base.concat(["address"]), "private-address",
        "位置を公開しない資源（precision: hidden）には住所を書きません（個人宅の住所を守るため）",
        "address を消してください。おおよその場所を示すなら precision: approximate にして、" +
        (cut ? "住所を町丁目まで（address: \"" + visible(cut) + "\"）にします" : "住所を町丁目までにします"));
    } else if (precision === "approximate" && cut !== pyStrip(address)) {
      add(base.concat(["address"]), "private-address",
        "おおよその位置（precision: approximate）の資源の住所は町丁目までです: " + shown(address),
        (cut ? "address: \"" + visible(cut) + "\" にしてください" : "address を消してください") +
        "（番地・建物名・「様方」・家や建物の名前は書きません）。公共の施設なら precision: exact にできます");
    }
  }
  function freshness(base, r) {
    var age = monthsSince(r.last_verified, now);
    if (age === null) { return; }
    var limit = D.settings.stale_after_months;
    if (age >= limit) {
      add(base.concat(["last_verified"]), "stale",
        shown(has(r, "name") ? pyStr(r.name) : "") + "の情報は確認から " + age + " か月たっています（" + r.last_verified + " 確認、目安は " + limit + " か月）",
        "情報を確かめて last_verified を確認した日に更新してください", "warning");
    }
  }
  /** rules.Rules.future_dates */
  function futureDates(kind) {
    var fields = D.dates[kind] || [], latest = isoDate(D.latestDate), nowText = isoText(now);
    var tomorrow = new Date(Date.UTC(now.y, now.m - 1, now.d + 1));
    var after = { y: tomorrow.getUTCFullYear(), m: tomorrow.getUTCMonth() + 1, d: tomorrow.getUTCDate() };
    function check(where, value, partial) {
      if (!isStr(value) || dateReason(value, partial) !== null) { return; }  // not a date: the schema said so
      var parts = value.split("-"), first = { y: +parts[0], m: parts.length > 1 ? +parts[1] : 1, d: parts.length > 2 ? +parts[2] : 1 };
      var last = where[where.length - 1];
      if (dateAfter(first, latest)) {
        add(where, "future-date", value + " は " + latest.y + " 年より後の日付です",
          "年の打ち間違いではありませんか（例: 2206 → 2026）", "warning");
      } else if (contains(D.checkedDates, last) && dateAfter(first, after)) {
        add(where, "future-date", value + " は未来の日付です（基準日 " + nowText + " より後）",
          last === "as_of" ? "推計の数値なら、as_of は推計を公表した時点にして「2040年推計」などは as_of_label に書いてください"
            : "実際に確かめた日を書いてください（年・月の打ち間違いはありませんか）", "warning");
      }
    }
    function walk(value, path, where, partial) {  // rules._values_at
      var i;
      if (!path.length) { check(where, value, partial); }
      else if (path[0] === "*") {
        if (isArray(value)) { for (i = 0; i < value.length; i++) { walk(value[i], path.slice(1), where.concat([i]), partial); } }
      } else if (isDict(value) && has(value, path[0])) {
        walk(value[path[0]], path.slice(1), where.concat([path[0]]), partial);
      }
    }
    for (var f = 0; f < fields.length; f++) { walk(doc.data, fields[f][0], [], fields[f][1]); }
  }
  function sourceRef(where, source) {
    var ids = [], i;
    for (i = 0; i < D.documents.length; i++) { ids.push(D.documents[i][0]); }
    for (i = 0; i < documents.length; i++) { ids.push(documents[i]); }
    if (isDict(source) && isStr(source.document) && !contains(ids, source.document)) {
      add(where.concat(["document"]), "unknown-document", "資料「" + source.document + "」は content/documents.yaml にありません",
        "使える資料: " + sortedStrings(ids).join(", "));
    }
  }
  var FACT_LISTS = ["context", "challenge", "actions", "outcomes", "figures", "stakeholders", "timeline", "quotes", "places"];
  return {
    problems: problems,
    district: function () {
      var data = doc.data;
      if (!isDict(data)) { return; }
      generatedPaths("district");
      unfinished();
      futureDates("district");
      if (isStr(data.layer)) { term(["layer"], "layers", data.layer); }
      var m = municipality(["municipality"], data.municipality), code = m ? m.code : null;
      if (isDict(data.maintainer_contact)) { organisationContact(["maintainer_contact"], data.maintainer_contact); }
      var firstLine = {}, items = dictItems(data.resources), undated = [];
      for (var n = 0; n < items.length; n++) {
        var i = items[n][0], r = items[n][1], base = ["resources", i], rid = r.id;
        if (!has(r, "last_verified")) { undated.push([base, r]); }
        if (isStr(rid) && has(firstLine, rid)) {
          add(base.concat(["id"]), "duplicate-id", "資源の id「" + rid + "」はこの地区の " + firstLine[rid] + " 行目でも使われています",
            "別の id にしてください");
        } else if (isStr(rid)) {
          firstLine[rid] = doc.lineOf(base.concat(["id"]));
        }
        terms(base, r, D.terms.district.resources);
        if (isDict(r.contact)) { organisationContact(base.concat(["contact"]), r.contact); }
        if (has(r, "location")) { location(base.concat(["location"]), r.location, code); }
        addressPrivacy(base, r);
        freshness(base, r);
      }
      if (undated.length) {  // rules.Rules.undated
        var first = undated[0][1];
        add(undated[0][0], "no-date",
          "最終確認日（last_verified）のない資源が " + undated.length + " 件あります（最初は" +
          shown(has(first, "name") ? pyStr(first.name) : "") + "）。サイトには「確認日不明」と表示します",
          "情報を確かめた日を last_verified に書いてください（取り込んだ一覧なら、一覧の日付を " +
          "--as-of で指定して取り込み直せます）", "warning");
      }
    },
    "case": function () {
      var data = doc.data, i, n;
      if (!isDict(data)) { return; }
      generatedPaths("case");
      unfinished();
      futureDates("case");
      terms([], data, D.terms["case"][""]);
      var munis = isArray(data.municipalities) ? data.municipalities : [];
      for (i = 0; i < munis.length; i++) { municipality(["municipalities", i], munis[i]); }
      var sources = dictItems(data.sources), sourceIds = [], countOf = {};
      for (n = 0; n < sources.length; n++) {
        var sid = pyStr(sources[n][1].id);
        if (!has(countOf, sid)) { sourceIds.push(sid); countOf[sid] = 0; }
        countOf[sid]++;
      }
      for (n = 0; n < sources.length; n++) {
        var s = sources[n][1];
        if (countOf[pyStr(s.id)] > 1) {
          add(["sources", sources[n][0], "id"], "duplicate-source-id", "出典 id「" + pyStr(s.id) + "」が2回以上あります",
            "出典ごとに別の id にしてください");
        }
        sourceRef(["sources", sources[n][0]], s);
      }
      var used = {}, firstMuni = dictItems(data.municipalities), code = firstMuni.length ? firstMuni[0][1].code : undefined;
      for (var f = 0; f < FACT_LISTS.length; f++) {
        var list = dictItems(data[FACT_LISTS[f]]);
        for (n = 0; n < list.length; n++) {
          var item = list[n][1], ref = item.source;
          used[pyStr(ref)] = true;
          if (isStr(ref) && !has(countOf, ref)) {
            add([FACT_LISTS[f], list[n][0], "source"], "unknown-source", "出典「" + ref + "」が sources にありません",
              "sources の id（" + (sourceIds.join(", ") || "なし") + "）から選んでください");
          }
          if (FACT_LISTS[f] === "places" && has(item, "location")) {
            location([FACT_LISTS[f], list[n][0], "location"], item.location, isStr(code) ? code : null);
          }
        }
      }
      for (n = 0; n < sources.length; n++) {
        if (!used[pyStr(sources[n][1].id)]) {
          add(["sources", sources[n][0], "id"], "unused-source", "出典「" + pyStr(sources[n][1].id) + "」はどの記述からも参照されていません",
            "使わない出典は消すか、記述の source に指定してください", "warning");
        }
      }
    }
  };
}

var PATTERNS = [];
for (var pi = 0; pi < D.paths.patterns.length; pi++) { PATTERNS.push(new RegExp(D.paths.patterns[pi])); }
/** paths.is_shared */
function isShared(path) {
  if (contains(D.paths.shared, path)) { return true; }
  for (var i = 0; i < PATTERNS.length; i++) { if (PATTERNS[i].test(path)) { return true; } }
  return false;
}

export { Rules };
