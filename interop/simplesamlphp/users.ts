/**
 * Accounts of the SimpleSAMLphp IdP peer (exampleauth:UserPass). `uid` carries the email, as the
 * reference SP (Webex semantics) requires; targets/simplesamlphp-idp.yaml lists the same users.
 */
export interface SspUser {
  username: string;
  password: string;
  email: string;
  firstName: string;
  lastName: string;
  groupId: string[];
}

export const SSP_IDP_USERS: SspUser[] = [
  {
    username: 'ingrid',
    password: 'Ingrid-Interop-1',
    email: 'ingrid.halvorsen@idp.interop.accord.test',
    firstName: 'Ingrid',
    lastName: 'Halvorsen',
    groupId: ['staff', 'webex-users'],
  },
  {
    username: 'tomas',
    password: 'Tomas-Interop-1',
    email: 'tomas.okafor@idp.interop.accord.test',
    firstName: 'Tomás',
    lastName: "O'Kafor",
    groupId: ['staff'],
  },
];

export function sspAttributes(u: SspUser): Record<string, string[]> {
  return {
    uid: [u.email],
    email: [u.email],
    firstname: [u.firstName],
    lastname: [u.lastName],
    groupId: u.groupId,
  };
}
