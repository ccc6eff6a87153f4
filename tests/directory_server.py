"""A real OpenLDAP server for the directory sign-in tests: Debian's slapd, started on a
free loopback port with a configuration generated in a temporary folder (mdb database),
loaded with a few people and groups by ldapadd, stopped at the end.

The ministry's directory, in miniature (suffix dc=ministry,dc=test):
  people  alice (Staff, Managers), bruno (Staff), carole (Administrators), dora (no group)
  groups  cn=dci-staff, cn=dci-managers, cn=dci-admins (groupOfNames)
  portal  cn=portal,ou=services: the account the portal searches with
"""

import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tests.mailserver import free_port

SUFFIX = "dc=ministry,dc=test"
ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "root-secret"
SERVICE_DN, SERVICE_PASSWORD = f"cn=portal,ou=services,{SUFFIX}", "portal-secret"
PEOPLE, GROUPS = f"ou=people,{SUFFIX}", f"ou=groups,{SUFFIX}"
PASSWORDS = {"alice": "alice-in-the-directory", "bruno": "bruno-in-the-directory"}
PASSWORDS |= {"carole": "carole-in-the-directory", "dora": "dora-in-the-directory"}
PEOPLE_NAMES = {
    "alice": ("Alice", "Martin", "alice.martin@ministry.test"),
    "bruno": ("Bruno", "Lefèvre", "bruno.lefevre@ministry.test"),
    "carole": ("Carole", "Dubois", "carole.dubois@ministry.test"),
    "dora": ("Dora", "Petit", "dora.petit@ministry.test"),
}
MEMBERS = {"dci-staff": ("alice", "bruno"), "dci-managers": ("alice",), "dci-admins": ("carole",)}
SCHEMAS = ("core", "cosine", "inetorgperson", "nis")


def group_dn(name):
    return f"cn={name},{GROUPS}"


def person_dn(uid):
    return f"uid={uid},{PEOPLE}"


def available():
    return bool(shutil.which("slapd") or Path("/usr/sbin/slapd").exists()) and bool(shutil.which("ldapadd"))


def slapd_path():
    return shutil.which("slapd") or "/usr/sbin/slapd"


def config(folder):
    includes = "\n".join(f"include /etc/ldap/schema/{schema}.schema" for schema in SCHEMAS)
    return f"""{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {folder}/data
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="{SERVICE_DN}" read by self read by * none
"""


def entries():
    lines = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: ministry\no: Ministry",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups",
        f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services",
        f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: portal\nuserPassword: {SERVICE_PASSWORD}",
    ]
    for uid, (first, last, mail) in PEOPLE_NAMES.items():
        lines.append(
            f"dn: {person_dn(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {first} {last}\n"
            f"givenName: {first}\nsn: {last}\nmail: {mail}\nuserPassword: {PASSWORDS[uid]}"
        )
    for name, members in MEMBERS.items():
        # groupOfNames needs a member: the usual placeholder, so a group may lose all its people.
        member_lines = "\n".join(f"member: {dn}" for dn in (ROOT_DN, *map(person_dn, members)))
        lines.append(f"dn: {group_dn(name)}\nobjectClass: groupOfNames\ncn: {name}\n{member_lines}")
    return "\n\n".join(lines) + "\n"


class Directory:
    def __init__(self, uri):
        self.uri = uri

    def ldif(self, tool, text):
        done = subprocess.run(
            [tool, "-x", "-H", self.uri, "-D", ROOT_DN, "-w", ROOT_PASSWORD],
            input=text.encode(),
            capture_output=True,
        )
        if done.returncode:
            raise subprocess.CalledProcessError(done.returncode, tool, done.stdout, done.stderr)

    def remove_member(self, group, uid):
        self.ldif(
            "ldapmodify",
            f"dn: {group_dn(group)}\nchangetype: modify\ndelete: member\nmember: {person_dn(uid)}\n",
        )

    def add_member(self, group, uid):
        self.ldif(
            "ldapmodify",
            f"dn: {group_dn(group)}\nchangetype: modify\nadd: member\nmember: {person_dn(uid)}\n",
        )

    def environment(self, **extra):
        """The portal's LDAP_* variables for this directory."""
        group_map = ";".join(
            f"{group_dn(name)}={group}"
            for name, group in (
                ("dci-staff", "Staff"),
                ("dci-managers", "Managers"),
                ("dci-admins", "Administrators"),
            )
        )
        return {
            "LDAP_SERVER_URI": self.uri,
            "LDAP_BIND_DN": SERVICE_DN,
            "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "LDAP_USER_SEARCH_BASE": PEOPLE,
            "LDAP_GROUP_SEARCH_BASE": GROUPS,
            "LDAP_GROUP_MAP": group_map,
            **extra,
        }


@contextmanager
def directory_server(folder):
    folder = Path(folder)
    (folder / "data").mkdir(parents=True)
    (folder / "slapd.conf").write_text(config(folder))
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}"
    # -d 0: stay in the foreground (this process owns it) and log nothing.
    process = subprocess.Popen(
        [slapd_path(), "-f", str(folder / "slapd.conf"), "-h", f"{uri}/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "slapd.log", "w"),  # noqa: SIM115 - the child keeps it
    )
    try:
        directory = Directory(uri)
        deadline = time.monotonic() + 20
        while True:
            try:
                directory.ldif("ldapadd", entries())
                break
            except subprocess.CalledProcessError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "slapd.log").read_text()) from None
                time.sleep(0.2)
        yield directory
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
