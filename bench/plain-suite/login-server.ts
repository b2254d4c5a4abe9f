import { createServer, type Server } from 'node:http';

/**
 * The shape of a browser login with none of its work: a page that posts a form to itself as an
 * IdP's does, an endpoint that sets a cookie and redirects as an ACS does, and a landing page.
 */
export function startLoginServer(): Promise<Server> {
  const form = `<form method="post" action="/acs"><input type="hidden" name="SAMLResponse" value="${'x'.repeat(6000)}"></form><script>document.forms[0].submit()</script>`;
  const server = createServer((req, res) => {
    if (req.url === '/acs') {
      req.resume();
      req.on('end', () => {
        res.writeHead(302, { location: '/landing', 'set-cookie': 'session=1; Path=/; HttpOnly' });
        res.end();
      });
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(req.url === '/landing' ? '<h1>Signed in as alice</h1>' : form);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
