import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { FilterToggleButton, initAll as initMoj } from "./moj-frontend.min.js";

initGovuk();
initMoj();

// MOJ's initAll leaves the filter toggle out. It hides the filter panel behind a button on small screens
// only (startHidden would hide it on wide screens too).
if (document.body.classList.contains("govuk-frontend-supported")) {
  for (const panel of document.querySelectorAll(".moj-filter-layout__filter")) {
    new FilterToggleButton(panel, { startHidden: false });
  }
}
