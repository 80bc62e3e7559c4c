"""A throwaway certificate authority and a broker with a SCRAM-SHA-512 over TLS listener."""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from streams.local import free_port
from tests.crash import Broker


@dataclass(frozen=True)
class Certificates:
    ca: Path  # the CA certificate clients trust (PEM)
    server: Path  # the broker's key and certificate chain (PEM)


def make_certificates(folder: Path) -> Certificates:
    """A CA valid for a day, and a broker certificate it signed for localhost and 127.0.0.1."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wirewatch test CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, server_path = folder / "ca.pem", folder / "broker.pem"
    ca_path.write_bytes(ca_cert.public_bytes(pem))
    server_path.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + cert.public_bytes(pem) + ca_cert.public_bytes(pem)
    )
    server_path.chmod(0o600)
    return Certificates(ca_path, server_path)


class SecureBroker(Broker):
    """The development broker's jars with its own home, ports and a SASL_SSL listener."""

    def __init__(self, home: Path, users: dict[str, str]) -> None:
        super().__init__(home)
        self.certificates = make_certificates(home / "tls")
        scram = home / "scram-users"
        scram.write_text("".join(f"{name} {password}\n" for name, password in users.items()))
        scram.chmod(0o600)
        self.sasl_port = free_port()
        self.env.update({
            "WIREWATCH_KAFKA_SASL_SSL_PORT": str(self.sasl_port),
            "WIREWATCH_KAFKA_TLS_PEM": str(self.certificates.server),
            "WIREWATCH_KAFKA_SCRAM_FILE": str(scram),
        })
