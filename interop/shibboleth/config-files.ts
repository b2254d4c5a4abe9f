/**
 * The Shibboleth SP configuration of one interop instance, every path inside its run folder. The
 * settings are those of Debian's shipped shibboleth2.xml except where a comment says why.
 */

export interface ShibbolethPaths {
  dir: string;
  /** Apache's port: the SP's entityID and handler URLs name it. */
  port: number;
  /** shibd's TCP listener on 127.0.0.1, which mod_shib connects to. */
  listenerPort: number;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function spEntityId(port: number): string {
  return `http://127.0.0.1:${port}/shibboleth`;
}

export function shibboleth2Xml(p: ShibbolethPaths): string {
  const d = p.dir;
  return `<SPConfig xmlns="urn:mace:shibboleth:3.0:native:sp:config"
    xmlns:conf="urn:mace:shibboleth:3.0:native:sp:config"
    clockSkew="180">
    <OutOfProcess logger="${d}/etc/shibd.logger"
        tranLogFormat="%u|%s|%IDP|%i|%ac|%t|%attr|%n|%b|%E|%S|%SS|%L|%UA|%a"/>
    <InProcess logger="${d}/etc/native.logger"/>
    <!-- A TCP listener on loopback instead of the packaged socket under /run: one per instance. -->
    <TCPListener address="127.0.0.1" port="${p.listenerPort}" acl="127.0.0.1"/>

    <!-- homeURL: where an unsolicited Response without RelayState lands (default "/", a page that
         shows no user); the protected page shows who is signed in. -->
    <ApplicationDefaults entityID="${spEntityId(p.port)}"
        homeURL="http://127.0.0.1:${p.port}/protected/echo"
        REMOTE_USER="accord_nameid"
        cipherSuites="DEFAULT:!EXP:!LOW:!aNULL:!eNULL:!DES:!IDEA:!SEED:!RC4:!3DES:!kRSA:!SSLv2:!SSLv3:!TLSv1:!TLSv1.1">
        <!-- handlerSSL and cookieProps: the peer serves plain http on loopback, so a Secure cookie
             would never come back. Every other attribute is the packaged default. -->
        <Sessions lifetime="28800" timeout="3600" relayState="ss:mem"
                  checkAddress="false" handlerSSL="false" cookieProps="http"
                  redirectLimit="exact">
            <!-- No default IdP: every login names one (/Shibboleth.sso/Login?entityID=). -->
            <SSO>SAML2</SSO>
            <Logout>SAML2 Local</Logout>
            <LogoutInitiator type="Admin" Location="/Logout/Admin" acl="127.0.0.1 ::1"/>
            <Handler type="MetadataGenerator" Location="/Metadata" signing="false"/>
            <Handler type="Status" Location="/Status" acl="127.0.0.1 ::1"/>
            <Handler type="Session" Location="/Session" showAttributeValues="true"/>
            <Handler type="DiscoveryFeed" Location="/DiscoFeed"/>
        </Sessions>

        <Errors supportContact="root@localhost" helpLocation="/about.html"
            styleSheet="/shibboleth-sp/main.css"/>

        <!-- One file per trusted IdP, named by the SHA-1 of its entityID and read at the first
             login that names it: the exchange hook adds IdPs without a restart. validate="true"
             as every metadata source in the packaged configuration. -->
        <MetadataProvider type="LocalDynamic" validate="true" sourceDirectory="${d}/idp"/>

        <AttributeExtractor type="XML" validate="true" reloadChanges="false" path="${d}/etc/attribute-map.xml"/>

        <CredentialResolver type="File" use="signing" key="${d}/sp/sp.key" certificate="${d}/sp/sp.crt"/>
        <CredentialResolver type="File" use="encryption" key="${d}/sp/sp.key" certificate="${d}/sp/sp.crt"/>
    </ApplicationDefaults>

    <SecurityPolicyProvider type="XML" validate="true" path="${d}/etc/security-policy.xml"/>
    <ProtocolProvider type="XML" validate="true" reloadChanges="false" path="${d}/etc/protocols.xml"/>
</SPConfig>
`;
}

/** The attribute id an IdP attribute gets; the echo CGI maps it back to the SAML name. */
export function attributeId(index: number): string {
  return `accord_attr_${index}`;
}

const NAMEID_FORMATS = [
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
];

/**
 * Shibboleth hands the application only the attributes its map names. Every attribute of the
 * shipped scenarios is mapped, under its Name both as a URI (the extractor treats an absent or
 * unspecified NameFormat as URI) and with the basic NameFormat; the NameID, whatever its format,
 * becomes `accord_nameid`.
 */
export function attributeMapXml(names: string[]): string {
  const basic = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
  const rows = names.flatMap((name, i) => [
    `    <Attribute name="${escapeXml(name)}" id="${attributeId(i)}"/>`,
    `    <Attribute name="${escapeXml(name)}" nameFormat="${basic}" id="${attributeId(i)}"/>`,
  ]);
  const nameIds = NAMEID_FORMATS.map(
    (f) =>
      `    <Attribute name="${f}" id="accord_nameid">\n        <AttributeDecoder xsi:type="NameIDAttributeDecoder" formatter="$Name"/>\n    </Attribute>`,
  );
  return `<Attributes xmlns="urn:mace:shibboleth:2.0:attribute-map" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
${nameIds.join('\n')}
${rows.join('\n')}
</Attributes>
`;
}

function logger(file: string, level: string, extra = ''): string {
  return `log4j.rootCategory=${level}, main
${extra}log4j.appender.main=org.apache.log4j.FileAppender
log4j.appender.main.fileName=${file}
log4j.appender.main.layout=org.apache.log4j.PatternLayout
log4j.appender.main.layout.ConversionPattern=%d{%Y-%m-%d %H:%M:%S} %p %c %x: %m%n
`;
}

/** shibd logs at INFO, as packaged, into the run folder; the signature debugger stays quiet. */
export function shibdLogger(dir: string): string {
  return logger(
    `${dir}/logs/shibd.log`,
    'INFO',
    'log4j.category.XMLTooling.Signature.Debugger=WARN\nlog4j.category.XMLTooling.libcurl=WARN\n',
  );
}

/** mod_shib inside Apache's children, as packaged (WARN), into a file they may write. */
export function nativeLogger(dir: string): string {
  return logger(`${dir}/logs/native.log`, 'WARN');
}
