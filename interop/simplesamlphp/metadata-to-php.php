<?php
/*
 * Converts SAML 2.0 metadata XML into SimpleSAMLphp's flat-file PHP metadata, with SimpleSAMLphp's
 * own parser, the way its admin "metadata converter" page does, so the peer reads exactly what
 * an administrator pasting the XML would get.
 *
 * Usage: php metadata-to-php.php <metadata.xml> <saml20-idp-remote|saml20-sp-remote>
 * Prints PHP statements ($metadata[...] = ...;) on stdout; exits 2 when the file holds no entity of that kind.
 */

require_once '/usr/share/simplesamlphp/lib/_autoload.php';

use SimpleSAML\Metadata\SAMLParser;

if ($argc !== 3 || !in_array($argv[2], ['saml20-idp-remote', 'saml20-sp-remote'], true)) {
    fwrite(STDERR, "usage: php metadata-to-php.php <metadata.xml> <saml20-idp-remote|saml20-sp-remote>\n");
    exit(64);
}

$xml = file_get_contents($argv[1]);
if ($xml === false) {
    fwrite(STDERR, "cannot read {$argv[1]}\n");
    exit(66);
}

\SimpleSAML\Utils\XML::checkSAMLMessage(trim($xml), 'saml-meta');
$entities = SAMLParser::parseDescriptorsString(trim($xml));

$out = "<?php\n";
$found = 0;
foreach ($entities as $entityId => $entity) {
    $md = $argv[2] === 'saml20-sp-remote' ? $entity->getMetadata20SP() : $entity->getMetadata20IdP();
    if ($md === null) {
        continue;
    }
    // As the converter page does: the descriptor copy is unused, and a validUntil copied into a
    // static file would only make the entity vanish later.
    unset($md['entityDescriptor'], $md['expire']);
    $out .= '$metadata[' . var_export((string) $entityId, true) . '] = ' . var_export($md, true) . ";\n";
    $found++;
}

if ($found === 0) {
    fwrite(STDERR, "no {$argv[2]} entity in {$argv[1]}\n");
    exit(2);
}
echo $out;
