import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

initGovuk();
initMoj();
