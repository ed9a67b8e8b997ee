// Security keys (WebAuthn). A form marked data-security-key asks the server for options, lets
// the browser ask the key, and sends the key's answer in the form's `answer` field; or, if the
// key did not answer (cancelled, timed out, no key), the reason in `problem`. The server decides
// either way, and shows what it refuses like any other form.
for (const form of document.querySelectorAll("form[data-security-key]")) {
  form.addEventListener("submit", async (event) => {
    const { answer, problem, name } = form.elements;
    // Nothing to ask a key yet: a missing name is refused by the server as usual.
    if (answer.value || (name && !name.value.trim())) return;
    event.preventDefault();
    try {
      if (!window.PublicKeyCredential?.parseCreationOptionsFromJSON) {
        throw new DOMException("This browser does not support security keys", "NotSupportedError");
      }
      const response = await fetch(form.dataset.optionsUrl, {
        method: "POST",
        headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
        credentials: "same-origin",
      });
      if (!response.ok) throw new DOMException("No options", "InvalidStateError");
      const options = await response.json();
      const credential =
        form.dataset.securityKey === "add"
          ? await navigator.credentials.create({
              publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
            })
          : await navigator.credentials.get({
              publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
            });
      answer.value = JSON.stringify(credential.toJSON());
    } catch (error) {
      problem.value = error.name || "Error";
    }
    form.submit();
  });
}
