/** The least an SP target profile declares: profile tests add the field they are about to it. */
export const MINIMAL_SP_PROFILE = `name: Some SP
role: sp
protocol: saml2
baseUrl: https://sp.example.org
metadata:
  url: '{base_url}/saml/metadata'
capabilities: { spInitiated: true, idpInitiated: false, slo: false, bindings: [redirect] }
login:
  start: { redirect: '{base_url}/saml/login?RelayState={relay_state}' }
  success: { text: 'Welcome {firstName}' }
`;
