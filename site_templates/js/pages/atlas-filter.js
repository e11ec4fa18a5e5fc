/* Entry of assets/atlas-filter.js: the schedule part of the resource filters (../schedule.js),
   as window.AtlasFilter for the district list (resource-filter.js) and the maps (atlas-map.js). */
import { active, inTime, openState, openWords, ruleOpenOn, scheduleMatches } from "../schedule.js";

window.AtlasFilter = { scheduleMatches: scheduleMatches, active: active, ruleOpenOn: ruleOpenOn,
                       inTime: inTime, openState: openState, openWords: openWords };
