// GOV.UK Frontend's body classes, set before the page renders. A file rather than an inline script, so
// that pages carry no per-request nonce and can be cached whole.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
