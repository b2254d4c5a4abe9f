import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offlineAllureHtml, remoteReferences } from '../../reports/offline-allure-html.ts';

/** The awesome plugin's single-file template (Allure 3.18), reduced to its scripts. */
const ALLURE_318 = `<!DOCTYPE html><html><head><script>window.allureReportOptions = {}</script></head>
<body><div id="app"></div>
<script   src="data:text/javascript;base64,QVBQ"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
<script>
    window.dataLayer = window.dataLayer || [];
    function gtag(){dataLayer.push(arguments);}
    gtag('js', new Date());
</script>
<script async>
  window.allureReportDataReady = false;
  window.allureReportData = window.allureReportData || {};
  function d(name, value){ return new Promise(function (resolve) { window.allureReportData[name] = value; return resolve(true); }); }
</script>
<script defer>
  Promise.allSettled([d("widgets/tree.json","e30=")]).then(function(){ window.allureReportDataReady = true; })
</script>
</body></html>`;

describe('the Allure report, made to work offline', () => {
  const out = offlineAllureHtml(ALLURE_318);

  it('drops the analytics scripts and nothing else', () => {
    assert.match(ALLURE_318, /googletagmanager/);
    assert.doesNotMatch(out, /googletagmanager|gtag/);
    assert.deepEqual(remoteReferences(out), []);
    assert.match(out, /data:text\/javascript;base64,QVBQ/);
    assert.match(out, /d\("widgets\/tree\.json","e30="\)/);
  });

  it('puts the inlined data before the app, so the app never has to fetch it', () => {
    const data = out.indexOf('window.allureReportDataReady = false');
    const ready = out.indexOf('Promise.allSettled');
    const app = out.indexOf('data:text/javascript');
    assert.ok(data >= 0 && ready > data && app > ready, out);
    assert.equal(offlineAllureHtml(out), out, 'a second pass changes nothing');
  });

  it('refuses a report that would still reach the network', () => {
    const font = ALLURE_318.replace(
      '</head>',
      '<link rel="stylesheet" href="https://fonts.example/x.css"></head>',
    );
    assert.throws(
      () => offlineAllureHtml(font),
      /still references the network: https:\/\/fonts\.example\/x\.css/,
    );
    assert.throws(
      () => offlineAllureHtml(ALLURE_318.replace('src="data:text/javascript;base64,QVBQ"', 'src="app.js"')),
      /no inlined app script/,
    );
  });
});
