// The host app's page script: gives the widget its token source and shows the proxied contacts.
const widget = document.querySelector('hitch-connect');
const statusLine = document.querySelector('#contacts-status');
const list = document.querySelector('#contacts');
const form = document.querySelector('#new-contact');

// As in the contract: the app's backend mints the token; the widget calls this when it needs one.
widget.tokenProvider = () =>
  fetch('/demo/api/hitch-token', { method: 'POST' }).then((response) => {
    if (!response.ok) throw new Error(`token request failed: ${response.status}`);
    return response.text();
  });

function showContacts(contacts) {
  list.replaceChildren(
    ...contacts.map((contact) => {
      const item = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = contact.name;
      item.append(name, ` ${contact.email}`);
      return item;
    }),
  );
}

async function loadContacts() {
  const response = await fetch('/demo/api/contacts');
  const result = await response.json().catch(() => ({}));
  if (!response.ok) {
    statusLine.textContent = `Could not load contacts: ${result.detail ?? response.status}`;
    return showContacts([]);
  }
  form.hidden = !result.connection;
  statusLine.textContent = result.connection
    ? `${result.contacts.length} contacts from “${result.connection.label}”, read through the Hitch proxy.`
    : 'Connect Acme CRM above to see its contacts here.';
  showContacts(result.contacts);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(form));
  const response = await fetch('/demo/api/contacts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data),
  });
  if (response.ok) form.reset();
  else statusLine.textContent = `Could not add the contact (${response.status}).`;
  await loadContacts();
});

for (const name of ['hitch-ready', 'hitch-connected', 'hitch-disconnected']) widget.addEventListener(name, () => loadContacts());
loadContacts();
