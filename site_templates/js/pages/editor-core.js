/* Entry of assets/editor-core.js: the editor's checks and its YAML writer, without any page —
   the same checks and the same Japanese messages as `python -m generator validate`, and the
   YAML style of generator/importers/district_yaml.py (modules in ../editor/, each a port of
   the Python named in it; tests run both on the same inputs). The other editor scripts use it
   as window.AtlasEditorCore, so that a page runs one copy of the checker and its tables. */
import { check, fileName } from "../editor/check.js";
import { isMobilePhone, isPersonalMail } from "../editor/contacts.js";
import { D } from "../editor/data.js";
import { todayText } from "../editor/dates.js";
import { checkDocuments, documentsYaml } from "../editor/documents.js";
import { checkDigitOk, MUNI, MUNI_ORDER } from "../editor/municipalities.js";
import { approximateAddress, charKind, roundApproximate } from "../editor/privacy.js";
import { dotted, format } from "../editor/problems.js";
import { describe, floatRepr, pyRound } from "../editor/pynum.js";
import { cpLength, shown, visible } from "../editor/pytext.js";
import { forbiddenAt } from "../editor/characters.js";
import { ruleJa, suggestRules } from "../editor/schedule-text.js";
import { closeMatch } from "../editor/suggest.js";
import { has, isArray, isDict, keys } from "../editor/values.js";
import { quoted, scalar, writeYaml } from "../editor/yaml.js";

window.AtlasEditorCore = {
  checkDocuments: checkDocuments, documentsYaml: documentsYaml,
  data: D, check: check, writeYaml: writeYaml, suggestRules: suggestRules, ruleJa: ruleJa, format: format, fileName: fileName,
  approximateAddress: approximateAddress, charKind: charKind, roundApproximate: roundApproximate, pyRound: pyRound,
  floatRepr: floatRepr, closeMatch: closeMatch, visible: visible, shown: shown, describe: describe,
  scalar: scalar, quoted: quoted, forbiddenAt: forbiddenAt, checkDigitOk: checkDigitOk,
  isMobilePhone: isMobilePhone, isPersonalMail: isPersonalMail,
  municipality: function (code) { return has(MUNI, code) ? MUNI[code] : null; },
  municipalities: MUNI_ORDER, todayText: todayText, dotted: dotted, cpLength: cpLength,
  isArray: isArray, isDict: isDict, keys: keys, has: has
};
