// The LDAP auth method of HashiCorp Vault as an OpenBao plugin ("vault-ldap"); see ../openbao.
package main

import (
	"github.com/hashicorp/vault/builtin/credential/ldap"

	"secretref.test/bao-plugins/openbao"
)

func main() { openbao.Serve("vault-ldap", ldap.Factory) }
