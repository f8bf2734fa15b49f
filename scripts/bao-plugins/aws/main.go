// The AWS auth method of HashiCorp Vault as an OpenBao plugin ("vault-aws"); see ../openbao. The tests use
// its IAM login (a signed sts:GetCallerIdentity) with auth/<mount>/config/client's sts_endpoint and
// iam_endpoint pointed at moto.
package main

import (
	awsauth "github.com/hashicorp/vault/builtin/credential/aws"

	"secretref.test/bao-plugins/openbao"
)

func main() { openbao.Serve("vault-aws", awsauth.Factory) }
