/**
 * Who writes what in a team project, enforced by the server: the `validate_doc_update` function
 * of the design document `_design/claimscope` (installed by the app when the user is a database
 * admin; otherwise a CouchDB admin installs the same JSON, shown in the README).
 *
 * - the project (schema) and its documents: the owner (named here) and database/server admins;
 * - an annotator's layer (annotations, relations), status and document labels: that annotator
 *   only (the CouchDB user name is the annotator name);
 * - gold annotations and relations, review decisions and comments: reviewers (CouchDB role
 *   `reviewer`) and the owner;
 * - an article's text: anyone, but it never changes; entities: any member;
 * - a claim group: like annotations, its layer's annotator (gold: reviewers); any member may
 *   only take members out of a group (deleting a claim takes it out of every group holding it).
 * A deletion is judged by the document it deletes. The reason thrown is shown to the user.
 */
const VALIDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var name = userCtx.name;
  var roles = userCtx.roles || [];
  var admins = (secObj && secObj.admins) || {};
  var owner = OWNER;
  if (roles.indexOf('_admin') !== -1) return;
  if ((admins.names || []).indexOf(name) !== -1) return;
  for (var i = 0; i < roles.length; i++) if ((admins.roles || []).indexOf(roles[i]) !== -1) return;
  var isOwner = name === owner;
  var isReviewer = isOwner || roles.indexOf('reviewer') !== -1;
  var doc = newDoc._deleted ? (oldDoc || newDoc) : newDoc;
  var r = doc.record || {};
  function refuse(why) { throw({ forbidden: why }); }
  function onlyTakesMembersOut(was, now) {
    var same = ['id', 'layer', 'canonical', 'note', 'createdBy', 'createdAt'];
    for (var i = 0; i < same.length; i++) if (JSON.stringify(was[same[i]]) !== JSON.stringify(now[same[i]])) return false;
    if (JSON.stringify(was.factChecks) !== JSON.stringify(now.factChecks)) return false;
    var kept = {};
    for (var j = 0; j < (was.members || []).length; j++) kept[JSON.stringify(was.members[j])] = true;
    var members = now.members || [];
    if (members.length >= (was.members || []).length) return false;
    for (var k = 0; k < members.length; k++) if (!kept[JSON.stringify(members[k])]) return false;
    return true;
  }
  switch (doc.type) {
    case 'project':
      if (!isOwner) refuse('only the project owner (' + owner + ') may change the schema');
      return;
    case 'document':
      if (!isOwner) refuse('only the project owner (' + owner + ') may add, change or delete documents');
      return;
    case 'text':
      if (oldDoc && !oldDoc._deleted && !newDoc._deleted && oldDoc.text !== newDoc.text) refuse('an article text never changes');
      return;
    case 'annotation':
    case 'relation':
      if (r.layer === 'gold') { if (!isReviewer) refuse('only reviewers may change gold annotations'); return; }
      if (r.layer === 'suggestions') { if (!isReviewer) refuse('only reviewers may change suggestions'); return; }
      if (r.layer !== name) refuse('only ' + r.layer + ' may change the layer ' + r.layer);
      if (oldDoc && !oldDoc._deleted && oldDoc.record && oldDoc.record.layer !== name) refuse('only ' + oldDoc.record.layer + ' may change the layer ' + oldDoc.record.layer);
      return;
    case 'status':
      if (r.annotator !== name) refuse('only ' + r.annotator + ' may set their status');
      return;
    case 'docattrs':
      if (r.layer !== name) refuse('only ' + r.layer + ' may set their document labels');
      return;
    case 'comment':
    case 'decision':
      if (!isReviewer) refuse('only reviewers may write review decisions and comments');
      return;
    case 'claimgroup':
      if (!newDoc._deleted && oldDoc && !oldDoc._deleted && onlyTakesMembersOut(oldDoc.record || {}, r)) return;
      if (r.layer === 'gold') { if (!isReviewer) refuse('only reviewers may change gold claim groups'); return; }
      if (r.layer !== name) refuse('only ' + r.layer + ' may change the claim groups of ' + r.layer);
      if (oldDoc && !oldDoc._deleted && oldDoc.record && oldDoc.record.layer !== name) refuse('only ' + oldDoc.record.layer + ' may change the claim groups of ' + oldDoc.record.layer);
      return;
    case 'entity':
      return;
    default:
      refuse('unknown document type');
  }
}`;

export interface DesignDocument {
  _id: '_design/claimscope';
  language: 'javascript';
  validate_doc_update: string;
}

/** The design document for a project owned by `owner` (a CouchDB user name). */
export function designDocument(owner: string): DesignDocument {
  return { _id: '_design/claimscope', language: 'javascript', validate_doc_update: VALIDATE.replace('OWNER', JSON.stringify(owner)) };
}
