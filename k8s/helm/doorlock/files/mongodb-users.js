// Creates or updates the four doorlock MongoDB users: one per service, each with readWrite on its own database and
// no other role, so a service can neither read nor write another's data (docs/architecture.md, "Who owns what").
// Run by the Job mongodb-users (k8s/README.md):  mongosh --nodb --quiet --norc --file mongodb-users.js
//
// Input, from Secrets, as environment variables:
//   MONGODB_ADMIN_URI      a user allowed to manage users on the four databases (userAdmin on each of them, or
//                          userAdminAnyDatabase); the Job's only extra credential.
//   DEVICE_GATEWAY_URI, DASHBOARD_GATEWAY_URI, COMMAND_SERVICE_URI, AUDIT_SERVICE_URI
//                          each service's own connection string, the very Secret the service logs in with: its user
//                          name and password are the ones set here, so that Secret is the only place the password lives.
// Every connection string is checked before anything changes: it must name a user, a password and the service's own
// database, and authenticate there (authSource, when given, is that database). A refusal changes nothing.
// Run again at will: an existing user gets the password of its Secret and exactly the one role again.

const SERVICES = [
  { env: 'DEVICE_GATEWAY_URI', service: 'device-gateway', database: 'doorlock_devices' },
  { env: 'DASHBOARD_GATEWAY_URI', service: 'dashboard-gateway', database: 'doorlock_dashboard' },
  { env: 'COMMAND_SERVICE_URI', service: 'command-service', database: 'doorlock_commands' },
  { env: 'AUDIT_SERVICE_URI', service: 'audit-service', database: 'doorlock_audit' },
];

// mongodb://user:password@host1,host2/database?option=value&...   (or mongodb+srv://)
function credentialsOf(name, uri, database) {
  const match = /^mongodb(?:\+srv)?:\/\/([^:@/]+):([^@/]+)@[^/?]+\/([^?]*)(?:\?(.*))?$/.exec(uri ?? '');
  if (!match) {
    throw new Error(`${name}: not a connection string of the form mongodb://user:password@hosts/${database}?...`);
  }
  const [, user, pwd, db, query] = match.map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
  if (db !== database) {
    throw new Error(`${name}: names database "${db}", but this service's database is ${database}`);
  }
  const options = {};
  for (const pair of (query ?? '').split('&').filter(Boolean)) {
    const [key, value = ''] = pair.split('=');
    options[key] = value;
  }
  if (options.authSource !== undefined && options.authSource !== database) {
    throw new Error(`${name}: authSource is "${options.authSource}"; the user is created in ${database}, so it must be ${database}`);
  }
  return { user, pwd };
}

function plan(env) {
  const errors = [];
  const users = [];
  if (!env.MONGODB_ADMIN_URI) errors.push('MONGODB_ADMIN_URI is not set');
  for (const s of SERVICES) {
    try {
      users.push({ ...s, ...credentialsOf(s.env, env[s.env], s.database) });
    } catch (e) {
      errors.push(e.message);
    }
  }
  if (errors.length) throw new Error(`nothing was changed:\n  ${errors.join('\n  ')}`);
  return users;
}

function apply(admin, users) {
  const run = (db, command) => {
    const answer = db.runCommand(command);
    if (answer.ok !== 1) throw new Error(`${Object.keys(command)[0]} on ${db.getName()} failed: ${JSON.stringify(answer)}`);
    return answer;
  };
  for (const u of users) {
    const db = admin.getDB(u.database);
    const roles = [{ role: 'readWrite', db: u.database }];
    const existed = run(db, { usersInfo: u.user }).users.length > 0;
    run(db, existed ? { updateUser: u.user, pwd: u.pwd, roles } : { createUser: u.user, pwd: u.pwd, roles });
    print(`${existed ? 'updated' : 'created'} user ${u.user} for ${u.service}: readWrite on ${u.database}, nothing else`);
  }
}

if (typeof Mongo === 'function') {
  apply(new Mongo(process.env.MONGODB_ADMIN_URI), plan(process.env)); // mongosh
} else {
  module.exports = { credentialsOf, plan }; // plain node: the checks alone, without a server
}
