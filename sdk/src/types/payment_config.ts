/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `target/idl/payment_config.json`.
 */
export type PaymentConfig = {
  "address": "EjGHzYN2DYaCUvA58o2oz7ehqXWHYs4EjaH34tswjZb7",
  "metadata": {
    "name": "paymentConfig",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Synq Network payment_config program"
  },
  "instructions": [
    {
      "name": "advanceEpoch",
      "discriminator": [
        93,
        138,
        234,
        218,
        241,
        230,
        132,
        38
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "current",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  112,
                  111,
                  99,
                  104
                ]
              },
              {
                "kind": "account",
                "path": "config.current_epoch",
                "account": "config"
              }
            ]
          }
        },
        {
          "name": "next",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  112,
                  111,
                  99,
                  104
                ]
              },
              {
                "kind": "account",
                "path": "config.current_epoch.checked_add(1).ok_or(PaymentError :: Overflow) ?\n",
                "account": "config"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "buyCredits",
      "discriminator": [
        14,
        173,
        58,
        38,
        248,
        235,
        115,
        102
      ],
      "accounts": [
        {
          "name": "buyer",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "creditAccount",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  114,
                  101,
                  100,
                  105,
                  116,
                  95,
                  97,
                  99,
                  99,
                  111,
                  117,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "buyer"
              }
            ]
          }
        },
        {
          "name": "buyerTokens",
          "writable": true
        },
        {
          "name": "mint",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "treasury",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "rewardVault",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "amount",
          "type": "u64"
        },
        {
          "name": "tier",
          "type": {
            "defined": {
              "name": "tier"
            }
          }
        }
      ]
    },
    {
      "name": "claim",
      "docs": [
        "Permissionless once the epoch ended: pays a node its share of the epoch's pool, computed",
        "on chain from the node's and the epoch's settled usage weight."
      ],
      "discriminator": [
        62,
        198,
        214,
        193,
        213,
        159,
        108,
        210
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "epoch",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  112,
                  111,
                  99,
                  104
                ]
              },
              {
                "kind": "account",
                "path": "epoch.number",
                "account": "epoch"
              }
            ]
          }
        },
        {
          "name": "node",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node.operator",
                "account": "node"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                45,
                69,
                218,
                186,
                107,
                152,
                167,
                118,
                79,
                178,
                89,
                252,
                71,
                52,
                190,
                105,
                37,
                255,
                199,
                1,
                253,
                164,
                99,
                90,
                11,
                84,
                211,
                67,
                8,
                165,
                221,
                127
              ]
            }
          }
        },
        {
          "name": "registryConfig",
          "docs": [
            "The registry's config: its minimum stake."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                45,
                69,
                218,
                186,
                107,
                152,
                167,
                118,
                79,
                178,
                89,
                252,
                71,
                52,
                190,
                105,
                37,
                255,
                199,
                1,
                253,
                164,
                99,
                90,
                11,
                84,
                211,
                67,
                8,
                165,
                221,
                127
              ]
            }
          }
        },
        {
          "name": "nodeUsage",
          "docs": [
            "The node's usage in this epoch (its reward weight)."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101,
                  95,
                  117,
                  115,
                  97,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "epoch"
              },
              {
                "kind": "account",
                "path": "node"
              }
            ]
          }
        },
        {
          "name": "claimStatus",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  108,
                  97,
                  105,
                  109
                ]
              },
              {
                "kind": "account",
                "path": "epoch"
              },
              {
                "kind": "account",
                "path": "node"
              }
            ]
          }
        },
        {
          "name": "rewardVault",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "stakeConfig"
        },
        {
          "name": "pool",
          "writable": true
        },
        {
          "name": "poolVault",
          "writable": true
        },
        {
          "name": "operatorTokens",
          "writable": true
        },
        {
          "name": "stakingProgram",
          "address": "BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ"
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "clawback",
      "discriminator": [
        111,
        92,
        142,
        79,
        33,
        234,
        82,
        27
      ],
      "accounts": [
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "epoch",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  112,
                  111,
                  99,
                  104
                ]
              },
              {
                "kind": "account",
                "path": "epoch.number",
                "account": "epoch"
              }
            ]
          }
        },
        {
          "name": "rewardVault",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "treasury",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": []
    },
    {
      "name": "fundChannel",
      "docs": [
        "The developer locks credits for one node; receipts for it are paid from that deposit."
      ],
      "discriminator": [
        50,
        67,
        3,
        71,
        190,
        169,
        20,
        207
      ],
      "accounts": [
        {
          "name": "owner",
          "docs": [
            "The developer: owns the credit account and pays the channel's rent on first funding."
          ],
          "writable": true,
          "signer": true,
          "relations": [
            "creditAccount"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "creditAccount",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  114,
                  101,
                  100,
                  105,
                  116,
                  95,
                  97,
                  99,
                  99,
                  111,
                  117,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "node",
          "docs": [
            "The registry node the channel pays (any registered node: whether it may earn is",
            "checked when it settles)."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "node.operator",
                "account": "node"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                45,
                69,
                218,
                186,
                107,
                152,
                167,
                118,
                79,
                178,
                89,
                252,
                71,
                52,
                190,
                105,
                37,
                255,
                199,
                1,
                253,
                164,
                99,
                90,
                11,
                84,
                211,
                67,
                8,
                165,
                221,
                127
              ]
            }
          }
        },
        {
          "name": "channel",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  110,
                  110,
                  101,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "creditAccount"
              },
              {
                "kind": "account",
                "path": "node"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "initialize",
      "discriminator": [
        175,
        175,
        109,
        31,
        13,
        152,
        155,
        237
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "signer": true
        },
        {
          "name": "programData",
          "docs": [
            "The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its",
            "upgrade authority may initialise, so nobody can take the config before the deployer."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  203,
                  251,
                  157,
                  167,
                  118,
                  255,
                  24,
                  63,
                  56,
                  170,
                  169,
                  125,
                  208,
                  175,
                  151,
                  47,
                  63,
                  199,
                  255,
                  132,
                  73,
                  24,
                  236,
                  61,
                  105,
                  56,
                  6,
                  221,
                  246,
                  1,
                  149,
                  170
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                2,
                168,
                246,
                145,
                78,
                136,
                161,
                176,
                226,
                16,
                21,
                62,
                247,
                99,
                174,
                43,
                0,
                194,
                185,
                61,
                22,
                193,
                36,
                210,
                192,
                83,
                122,
                16,
                4,
                128,
                0,
                0
              ]
            }
          }
        },
        {
          "name": "mint"
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "treasury",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  116,
                  114,
                  101,
                  97,
                  115,
                  117,
                  114,
                  121
                ]
              },
              {
                "kind": "account",
                "path": "config"
              }
            ]
          }
        },
        {
          "name": "rewardVault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  119,
                  97,
                  114,
                  100,
                  95,
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "config"
              }
            ]
          }
        },
        {
          "name": "epoch",
          "docs": [
            "Epoch 0, open from now."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  112,
                  111,
                  99,
                  104
                ]
              },
              {
                "kind": "const",
                "value": [
                  0,
                  0,
                  0,
                  0,
                  0,
                  0,
                  0,
                  0
                ]
              }
            ]
          }
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "pause",
      "docs": [
        "Circuit breaker (guardian or authority): every money-moving instruction fails while paused."
      ],
      "discriminator": [
        211,
        22,
        221,
        251,
        74,
        121,
        193,
        47
      ],
      "accounts": [
        {
          "name": "signer",
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "requestChannelClose",
      "docs": [
        "The developer asks for a channel's unused deposit back (after the settlement window)."
      ],
      "discriminator": [
        27,
        119,
        39,
        37,
        161,
        157,
        155,
        189
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "creditAccount"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "creditAccount",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  114,
                  101,
                  100,
                  105,
                  116,
                  95,
                  97,
                  99,
                  99,
                  111,
                  117,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          },
          "relations": [
            "channel"
          ]
        },
        {
          "name": "channel",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  110,
                  110,
                  101,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "creditAccount"
              },
              {
                "kind": "account",
                "path": "channel.node",
                "account": "channelState"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "setParams",
      "discriminator": [
        27,
        234,
        178,
        52,
        147,
        2,
        187,
        141
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setPaymentParamsArgs"
            }
          }
        }
      ]
    },
    {
      "name": "settleUsage",
      "docs": [
        "Must directly follow the Ed25519 instruction carrying the developer's signed receipt."
      ],
      "discriminator": [
        61,
        174,
        167,
        9,
        21,
        219,
        242,
        117
      ],
      "accounts": [
        {
          "name": "operator",
          "docs": [
            "The node's operator submits its own receipts (and pays the NodeUsage rent of its first",
            "settlement in an epoch)."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "node",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                45,
                69,
                218,
                186,
                107,
                152,
                167,
                118,
                79,
                178,
                89,
                252,
                71,
                52,
                190,
                105,
                37,
                255,
                199,
                1,
                253,
                164,
                99,
                90,
                11,
                84,
                211,
                67,
                8,
                165,
                221,
                127
              ]
            }
          }
        },
        {
          "name": "registryConfig",
          "docs": [
            "The registry's config: its minimum stake."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  114,
                  101,
                  103,
                  105,
                  115,
                  116,
                  114,
                  121,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                45,
                69,
                218,
                186,
                107,
                152,
                167,
                118,
                79,
                178,
                89,
                252,
                71,
                52,
                190,
                105,
                37,
                255,
                199,
                1,
                253,
                164,
                99,
                90,
                11,
                84,
                211,
                67,
                8,
                165,
                221,
                127
              ]
            }
          }
        },
        {
          "name": "pool",
          "docs": [
            "The node's staking pool (its active stake)."
          ]
        },
        {
          "name": "creditAccount",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  114,
                  101,
                  100,
                  105,
                  116,
                  95,
                  97,
                  99,
                  99,
                  111,
                  117,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "credit_account.owner",
                "account": "creditAccount"
              }
            ]
          }
        },
        {
          "name": "channel",
          "docs": [
            "The channel the developer funded for this node (`fund_channel`)."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  110,
                  110,
                  101,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "creditAccount"
              },
              {
                "kind": "account",
                "path": "node"
              }
            ]
          }
        },
        {
          "name": "epoch",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  101,
                  112,
                  111,
                  99,
                  104
                ]
              },
              {
                "kind": "account",
                "path": "config.current_epoch",
                "account": "config"
              }
            ]
          }
        },
        {
          "name": "nodeUsage",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  110,
                  111,
                  100,
                  101,
                  95,
                  117,
                  115,
                  97,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "epoch"
              },
              {
                "kind": "account",
                "path": "node"
              }
            ]
          }
        },
        {
          "name": "instructions",
          "address": "Sysvar1nstructions1111111111111111111111111"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "cumulativeCredits",
          "type": "u64"
        },
        {
          "name": "nonce",
          "type": "u64"
        }
      ]
    },
    {
      "name": "spendTreasury",
      "docs": [
        "The config authority (governance after the handover) pays out of the treasury."
      ],
      "discriminator": [
        20,
        92,
        148,
        117,
        137,
        46,
        142,
        133
      ],
      "accounts": [
        {
          "name": "authority",
          "docs": [
            "The config authority: after the handover the governance PDA, so only an executed",
            "proposal can spend (the deployer's key is refused from then on)."
          ],
          "signer": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "treasury",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "destination",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "unpause",
      "discriminator": [
        169,
        144,
        4,
        38,
        10,
        141,
        188,
        255
      ],
      "accounts": [
        {
          "name": "signer",
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "withdrawChannel",
      "discriminator": [
        195,
        128,
        93,
        108,
        226,
        129,
        142,
        10
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "creditAccount"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  97,
                  121,
                  109,
                  101,
                  110,
                  116,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "creditAccount",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  114,
                  101,
                  100,
                  105,
                  116,
                  95,
                  97,
                  99,
                  99,
                  111,
                  117,
                  110,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          },
          "relations": [
            "channel"
          ]
        },
        {
          "name": "channel",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  110,
                  110,
                  101,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "creditAccount"
              },
              {
                "kind": "account",
                "path": "channel.node",
                "account": "channelState"
              }
            ]
          }
        }
      ],
      "args": []
    }
  ],
  "accounts": [
    {
      "name": "channelState",
      "discriminator": [
        74,
        132,
        141,
        196,
        64,
        52,
        83,
        136
      ]
    },
    {
      "name": "claimStatus",
      "discriminator": [
        22,
        183,
        249,
        157,
        247,
        95,
        150,
        96
      ]
    },
    {
      "name": "config",
      "discriminator": [
        155,
        12,
        170,
        224,
        30,
        250,
        204,
        130
      ]
    },
    {
      "name": "creditAccount",
      "discriminator": [
        196,
        171,
        234,
        132,
        239,
        255,
        21,
        96
      ]
    },
    {
      "name": "epoch",
      "discriminator": [
        93,
        83,
        120,
        89,
        151,
        138,
        152,
        108
      ]
    },
    {
      "name": "node",
      "discriminator": [
        208,
        53,
        1,
        3,
        49,
        122,
        180,
        49
      ]
    },
    {
      "name": "nodeUsage",
      "discriminator": [
        202,
        129,
        246,
        48,
        134,
        28,
        178,
        196
      ]
    },
    {
      "name": "registryConfig",
      "discriminator": [
        23,
        118,
        10,
        246,
        173,
        231,
        243,
        156
      ]
    },
    {
      "name": "stakePool",
      "discriminator": [
        121,
        34,
        206,
        21,
        79,
        127,
        255,
        28
      ]
    }
  ],
  "events": [
    {
      "name": "channelCloseRequested",
      "discriminator": [
        25,
        12,
        1,
        80,
        238,
        62,
        27,
        137
      ]
    },
    {
      "name": "channelFunded",
      "discriminator": [
        169,
        204,
        168,
        12,
        39,
        168,
        227,
        135
      ]
    },
    {
      "name": "channelWithdrawn",
      "discriminator": [
        18,
        185,
        93,
        61,
        191,
        151,
        151,
        5
      ]
    },
    {
      "name": "creditsPurchased",
      "discriminator": [
        176,
        67,
        39,
        167,
        11,
        116,
        222,
        22
      ]
    },
    {
      "name": "epochAdvanced",
      "discriminator": [
        41,
        220,
        14,
        123,
        117,
        70,
        117,
        157
      ]
    },
    {
      "name": "pauseChanged",
      "discriminator": [
        238,
        188,
        213,
        78,
        134,
        209,
        178,
        218
      ]
    },
    {
      "name": "paymentConfigInitialized",
      "discriminator": [
        12,
        146,
        193,
        194,
        231,
        51,
        227,
        9
      ]
    },
    {
      "name": "paymentParamsUpdated",
      "discriminator": [
        12,
        245,
        162,
        132,
        7,
        86,
        153,
        175
      ]
    },
    {
      "name": "rewardClaimed",
      "discriminator": [
        49,
        28,
        87,
        84,
        158,
        48,
        229,
        175
      ]
    },
    {
      "name": "rewardsClawedBack",
      "discriminator": [
        125,
        149,
        167,
        12,
        20,
        169,
        177,
        99
      ]
    },
    {
      "name": "treasurySpent",
      "discriminator": [
        70,
        150,
        242,
        53,
        19,
        121,
        15,
        88
      ]
    },
    {
      "name": "usageSettled",
      "discriminator": [
        34,
        78,
        6,
        42,
        206,
        77,
        112,
        167
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "invalidFeeSplit",
      "msg": "The fee split must sum to 10000 basis points"
    },
    {
      "code": 6001,
      "name": "invalidCreditRate",
      "msg": "The credit rate must be non-zero"
    },
    {
      "code": 6002,
      "name": "invalidEpochLength",
      "msg": "The epoch length must be between one hour and thirty days"
    },
    {
      "code": 6003,
      "name": "invalidClaimWindow",
      "msg": "The claim window must be between one day and one year"
    },
    {
      "code": 6004,
      "name": "paused",
      "msg": "The protocol is paused"
    },
    {
      "code": 6005,
      "name": "notPaused",
      "msg": "The protocol is not paused"
    },
    {
      "code": 6006,
      "name": "unauthorizedPauser",
      "msg": "Only the guardian or the authority may pause or unpause"
    },
    {
      "code": 6007,
      "name": "zeroAmount",
      "msg": "The amount must be non-zero"
    },
    {
      "code": 6008,
      "name": "invalidTier",
      "msg": "Credits can only be bought for a paid tier (Standard or Premium)"
    },
    {
      "code": 6009,
      "name": "overflow",
      "msg": "Arithmetic overflow"
    },
    {
      "code": 6010,
      "name": "insufficientCredits",
      "msg": "The credit account has too few credits for this receipt"
    },
    {
      "code": 6011,
      "name": "missingReceiptSignature",
      "msg": "settle_usage must directly follow an Ed25519 instruction with one signature over its own data"
    },
    {
      "code": 6012,
      "name": "receiptSignerMismatch",
      "msg": "The receipt is not signed by the credit account's owner"
    },
    {
      "code": 6013,
      "name": "receiptMessageMismatch",
      "msg": "The signed receipt does not match this node, credit account, amount and nonce"
    },
    {
      "code": 6014,
      "name": "receiptReplayed",
      "msg": "The receipt's nonce is not above the last settled nonce (replay)"
    },
    {
      "code": 6015,
      "name": "cumulativeDecreased",
      "msg": "The receipt's cumulative credits are below the last settled amount"
    },
    {
      "code": 6016,
      "name": "nodeOperatorMismatch",
      "msg": "The node account belongs to another operator"
    },
    {
      "code": 6017,
      "name": "wrongEpoch",
      "msg": "The epoch is not the current one"
    },
    {
      "code": 6018,
      "name": "epochNotOver",
      "msg": "The epoch has not ended yet"
    },
    {
      "code": 6019,
      "name": "invalidEpochState",
      "msg": "The epoch is not in the state this instruction needs"
    },
    {
      "code": 6020,
      "name": "claimWindowClosed",
      "msg": "The claim window of this epoch has closed"
    },
    {
      "code": 6021,
      "name": "claimWindowOpen",
      "msg": "The claim window of this epoch is still open"
    },
    {
      "code": 6022,
      "name": "poolMismatch",
      "msg": "The staking pool is not the node's pool"
    },
    {
      "code": 6023,
      "name": "notUpgradeAuthority",
      "msg": "Only the program's upgrade authority (its ProgramData account) may initialise"
    },
    {
      "code": 6024,
      "name": "nodeNotActive",
      "msg": "The node is not Active: only Active nodes have usage settled and claim rewards"
    },
    {
      "code": 6025,
      "name": "nodeUncommitted",
      "msg": "The node has no storage commitment: it cannot be challenged, so it cannot earn"
    },
    {
      "code": 6026,
      "name": "nodeUnderstaked",
      "msg": "The node's pool holds less than the registry's minimum stake"
    },
    {
      "code": 6027,
      "name": "insufficientTreasury",
      "msg": "The treasury does not hold that much"
    },
    {
      "code": 6028,
      "name": "nothingToClaim",
      "msg": "The node's share of this epoch's pool is zero"
    },
    {
      "code": 6029,
      "name": "invalidChannelCloseWindow",
      "msg": "The channel settlement window must be between one hour and thirty days"
    },
    {
      "code": 6030,
      "name": "channelUnderfunded",
      "msg": "The channel's deposit does not cover this receipt: the developer funds channels from the credit balance"
    },
    {
      "code": 6031,
      "name": "noCloseRequested",
      "msg": "No close of this channel was requested"
    },
    {
      "code": 6032,
      "name": "settlementWindowOpen",
      "msg": "The channel's settlement window is still open"
    },
    {
      "code": 6033,
      "name": "emptyChannel",
      "msg": "The channel holds no deposit"
    },
    {
      "code": 6034,
      "name": "notTopLevel",
      "msg": "settle_usage must be a top-level instruction, not called by another program"
    }
  ],
  "types": [
    {
      "name": "channelCloseRequested",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "deposit",
            "type": "u64"
          },
          {
            "name": "withdrawableAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "channelFunded",
      "docs": [
        "`amount` credits (and `escrow`) locked for one node; `deposit` is the channel's total."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "creditAccount",
            "type": "pubkey"
          },
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "escrow",
            "type": "u64"
          },
          {
            "name": "deposit",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "channelState",
      "docs": [
        "The payment channel between one credit account and one node: the credits the developer",
        "locked for this node (`deposit`, with the matching `escrow`) and the newest receipt settled.",
        "Receipts are paid from the deposit only, so credits promised to one node cannot be taken by",
        "another's settlement; an unused deposit returns to the balance only after a close request",
        "and the settlement window (`Config::channel_close_seconds`). The account is never closed:",
        "its nonce and cumulative amount keep old receipts from being settled twice."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "creditAccount",
            "type": "pubkey"
          },
          {
            "name": "node",
            "docs": [
              "The registry `Node` account the receipts name."
            ],
            "type": "pubkey"
          },
          {
            "name": "deposit",
            "docs": [
              "Credits locked for this node and not yet settled."
            ],
            "type": "u64"
          },
          {
            "name": "escrow",
            "docs": [
              "The operators' share paid for `deposit` (moved from the credit account's escrow)."
            ],
            "type": "u64"
          },
          {
            "name": "settledCredits",
            "docs": [
              "Cumulative credits of the last settled receipt."
            ],
            "type": "u64"
          },
          {
            "name": "nonce",
            "docs": [
              "Nonce of the last settled receipt; a receipt must carry a higher one."
            ],
            "type": "u64"
          },
          {
            "name": "lastSettledAt",
            "type": "i64"
          },
          {
            "name": "closeRequestedAt",
            "docs": [
              "When the developer asked for the unused deposit back (0: not asked). It can be",
              "withdrawn from `close_requested_at + channel_close_seconds` on; the node settles before."
            ],
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "channelWithdrawn",
      "docs": [
        "The unused deposit (and its escrow) went back to the credit account."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "channel",
            "type": "pubkey"
          },
          {
            "name": "credits",
            "type": "u64"
          },
          {
            "name": "escrow",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "claimStatus",
      "docs": [
        "Exists once the node has claimed its reward of the epoch."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "epoch",
            "type": "pubkey"
          },
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "claimedAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "config",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "mint",
            "type": "pubkey"
          },
          {
            "name": "treasury",
            "docs": [
              "Token account (PDA `[TREASURY_SEED, config]`) owned by this config."
            ],
            "type": "pubkey"
          },
          {
            "name": "rewardVault",
            "docs": [
              "Token account (PDA `[REWARD_VAULT_SEED, config]`) owned by this config."
            ],
            "type": "pubkey"
          },
          {
            "name": "feeSplit",
            "type": {
              "defined": {
                "name": "feeSplit"
              }
            }
          },
          {
            "name": "creditRate",
            "docs": [
              "Credits granted per base unit of $SYNQ."
            ],
            "type": "u64"
          },
          {
            "name": "prices",
            "type": {
              "defined": {
                "name": "priceTable"
              }
            }
          },
          {
            "name": "epochLengthSeconds",
            "type": "u64"
          },
          {
            "name": "claimWindowSeconds",
            "docs": [
              "How long after its end an epoch's rewards can be claimed."
            ],
            "type": "u64"
          },
          {
            "name": "channelCloseSeconds",
            "docs": [
              "The settlement window of a channel: how long a node has, after the developer asks for",
              "the unused deposit back, to settle what it served."
            ],
            "type": "u64"
          },
          {
            "name": "guardian",
            "docs": [
              "May pause and unpause, nothing else."
            ],
            "type": "pubkey"
          },
          {
            "name": "paused",
            "type": "bool"
          },
          {
            "name": "currentEpoch",
            "docs": [
              "Number of the open epoch (`[EPOCH_SEED, current_epoch]`)."
            ],
            "type": "u64"
          },
          {
            "name": "totalPaid",
            "docs": [
              "Lifetime totals in base units: paid = burned + to_treasury + to_rewards."
            ],
            "type": "u128"
          },
          {
            "name": "totalBurned",
            "type": "u128"
          },
          {
            "name": "totalToTreasury",
            "type": "u128"
          },
          {
            "name": "totalToRewards",
            "type": "u128"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "treasuryBump",
            "type": "u8"
          },
          {
            "name": "rewardVaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "creditAccount",
      "docs": [
        "A developer's data credits. Credits live only here: no instruction moves them to another",
        "owner, so they cannot be transferred or sold."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "tier",
            "type": {
              "defined": {
                "name": "tier"
              }
            }
          },
          {
            "name": "balance",
            "type": "u64"
          },
          {
            "name": "purchased",
            "docs": [
              "Lifetime credits bought and consumed (settled to nodes)."
            ],
            "type": "u64"
          },
          {
            "name": "consumed",
            "type": "u64"
          },
          {
            "name": "escrow",
            "docs": [
              "The operators' share of the $SYNQ paid for the credits still in `balance`, held in the",
              "reward vault until those credits are consumed: `settle_usage` moves the consumed part",
              "into the open epoch's pool, so rewards follow consumption, not purchases."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "creditsPurchased",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "creditAccount",
            "type": "pubkey"
          },
          {
            "name": "tier",
            "type": {
              "defined": {
                "name": "tier"
              }
            }
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "credits",
            "type": "u64"
          },
          {
            "name": "burned",
            "type": "u64"
          },
          {
            "name": "toTreasury",
            "type": "u64"
          },
          {
            "name": "toRewards",
            "docs": [
              "Into the credit account's escrow (the reward vault), not into any epoch's pool."
            ],
            "type": "u64"
          },
          {
            "name": "balance",
            "type": "u64"
          },
          {
            "name": "escrow",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "epoch",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "number",
            "type": "u64"
          },
          {
            "name": "state",
            "type": {
              "defined": {
                "name": "epochState"
              }
            }
          },
          {
            "name": "pool",
            "docs": [
              "Operator share of the $SYNQ paid for the credits consumed (settled) during this epoch:",
              "the escrow `settle_usage` released (base units)."
            ],
            "type": "u64"
          },
          {
            "name": "usageTotal",
            "docs": [
              "Credits settled to nodes during this epoch."
            ],
            "type": "u64"
          },
          {
            "name": "nodeCount",
            "docs": [
              "Nodes with settled usage this epoch (`NodeUsage` accounts)."
            ],
            "type": "u32"
          },
          {
            "name": "totalWeight",
            "docs": [
              "Σ `NodeUsage::weight` of the epoch: a node's reward is `pool * weight / total_weight`."
            ],
            "type": "u64"
          },
          {
            "name": "claimed",
            "type": "u64"
          },
          {
            "name": "claimCount",
            "type": "u32"
          },
          {
            "name": "clawedBack",
            "docs": [
              "Sent to the treasury by `clawback`."
            ],
            "type": "u64"
          },
          {
            "name": "startedAt",
            "type": "i64"
          },
          {
            "name": "endedAt",
            "type": "i64"
          },
          {
            "name": "claimExpiresAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "epochAdvanced",
      "docs": [
        "`ended`'s rewards can be claimed until `claim_expires_at`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "ended",
            "type": "u64"
          },
          {
            "name": "pool",
            "type": "u64"
          },
          {
            "name": "usageTotal",
            "type": "u64"
          },
          {
            "name": "nodeCount",
            "type": "u32"
          },
          {
            "name": "totalWeight",
            "docs": [
              "Σ of the nodes' usage weights: each node claims `pool * weight / total_weight`."
            ],
            "type": "u64"
          },
          {
            "name": "claimExpiresAt",
            "type": "i64"
          },
          {
            "name": "started",
            "type": "u64"
          },
          {
            "name": "startedAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "epochState",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "open"
          },
          {
            "name": "ended"
          },
          {
            "name": "closed"
          }
        ]
      }
    },
    {
      "name": "feeSplit",
      "docs": [
        "Where each $SYNQ paid for credits goes, in basis points of the payment."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "operatorsBps",
            "type": "u16"
          },
          {
            "name": "treasuryBps",
            "type": "u16"
          },
          {
            "name": "burnBps",
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "initializeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "feeSplit",
            "type": {
              "defined": {
                "name": "feeSplit"
              }
            }
          },
          {
            "name": "creditRate",
            "type": "u64"
          },
          {
            "name": "prices",
            "type": {
              "defined": {
                "name": "priceTable"
              }
            }
          },
          {
            "name": "epochLengthSeconds",
            "type": "u64"
          },
          {
            "name": "claimWindowSeconds",
            "type": "u64"
          },
          {
            "name": "channelCloseSeconds",
            "type": "u64"
          },
          {
            "name": "guardian",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "node",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "pool",
            "docs": [
              "The operator's staking pool (`staking` PDA `[POOL_SEED, operator]`)."
            ],
            "type": "pubkey"
          },
          {
            "name": "endpoint",
            "type": "string"
          },
          {
            "name": "region",
            "docs": [
              "Region code (e.g. UN M49), chosen by the operator."
            ],
            "type": "u16"
          },
          {
            "name": "capacityBytes",
            "type": "u64"
          },
          {
            "name": "models",
            "docs": [
              "Data models served: bit 0 KV, 1 documents, 2 vectors, 3 time series."
            ],
            "type": "u32"
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "nodeStatus"
              }
            }
          },
          {
            "name": "qosBps",
            "type": "u16"
          },
          {
            "name": "metrics",
            "type": {
              "defined": {
                "name": "nodeMetrics"
              }
            }
          },
          {
            "name": "lastReportEpoch",
            "docs": [
              "Epoch of the last report; meaningful when `metrics.reports > 0`."
            ],
            "type": "u64"
          },
          {
            "name": "commitment",
            "type": {
              "defined": {
                "name": "storageCommitment"
              }
            }
          },
          {
            "name": "challengeSequence",
            "docs": [
              "Sequence number the next challenge gets."
            ],
            "type": "u64"
          },
          {
            "name": "openChallenges",
            "type": "u32"
          },
          {
            "name": "lastChallengeSlot",
            "type": "u64"
          },
          {
            "name": "consecutiveMisses",
            "docs": [
              "Challenges missed since the last one answered; `jail_after_misses` of them jail."
            ],
            "type": "u16"
          },
          {
            "name": "slashEpoch",
            "docs": [
              "Report epoch of `slashes_in_epoch`."
            ],
            "type": "u64"
          },
          {
            "name": "slashesInEpoch",
            "type": "u16"
          },
          {
            "name": "statusChangedSlot",
            "docs": [
              "Slot of the last status change (pause / resume cooldown)."
            ],
            "type": "u64"
          },
          {
            "name": "registeredAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "nodeMetrics",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "bytesTransferred",
            "type": "u64"
          },
          {
            "name": "sessionsServed",
            "type": "u64"
          },
          {
            "name": "uptimeSeconds",
            "type": "u64"
          },
          {
            "name": "proofsPassed",
            "type": "u64"
          },
          {
            "name": "proofsFailed",
            "type": "u64"
          },
          {
            "name": "reports",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "nodeStatus",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "pending"
          },
          {
            "name": "active"
          },
          {
            "name": "paused"
          },
          {
            "name": "jailed"
          },
          {
            "name": "deregistered"
          }
        ]
      }
    },
    {
      "name": "nodeUsage",
      "docs": [
        "One node's settled usage in one epoch, with the QoS it had at its latest settlement and the",
        "weight they give it: `claim` pays from these alone, no one posts or vouches for a reward."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "epoch",
            "type": "pubkey"
          },
          {
            "name": "epochNumber",
            "type": "u64"
          },
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "credits",
            "type": "u64"
          },
          {
            "name": "receipts",
            "type": "u32"
          },
          {
            "name": "qosBps",
            "type": "u16"
          },
          {
            "name": "weight",
            "docs": [
              "`usage_weight(credits, qos_bps)`, kept in step with the epoch's `total_weight`."
            ],
            "type": "u64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "pauseChanged",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "paused",
            "type": "bool"
          },
          {
            "name": "by",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "paymentConfigInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "mint",
            "type": "pubkey"
          },
          {
            "name": "treasury",
            "type": "pubkey"
          },
          {
            "name": "rewardVault",
            "type": "pubkey"
          },
          {
            "name": "feeSplit",
            "type": {
              "defined": {
                "name": "feeSplit"
              }
            }
          },
          {
            "name": "creditRate",
            "type": "u64"
          },
          {
            "name": "epochLengthSeconds",
            "type": "u64"
          },
          {
            "name": "claimWindowSeconds",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "paymentParamsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "feeSplit",
            "type": {
              "defined": {
                "name": "feeSplit"
              }
            }
          },
          {
            "name": "creditRate",
            "type": "u64"
          },
          {
            "name": "prices",
            "type": {
              "defined": {
                "name": "priceTable"
              }
            }
          },
          {
            "name": "epochLengthSeconds",
            "type": "u64"
          },
          {
            "name": "claimWindowSeconds",
            "type": "u64"
          },
          {
            "name": "channelCloseSeconds",
            "type": "u64"
          },
          {
            "name": "guardian",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "priceTable",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "free",
            "type": {
              "defined": {
                "name": "tierPricing"
              }
            }
          },
          {
            "name": "standard",
            "type": {
              "defined": {
                "name": "tierPricing"
              }
            }
          },
          {
            "name": "premium",
            "type": {
              "defined": {
                "name": "tierPricing"
              }
            }
          }
        ]
      }
    },
    {
      "name": "qosParams",
      "docs": [
        "How QoS moves. All values in basis points."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "uptimeWeightBps",
            "docs": [
              "Weight of reported uptime in a report's QoS sample."
            ],
            "type": "u16"
          },
          {
            "name": "proofWeightBps",
            "docs": [
              "Weight of the lifetime challenge pass rate in a report's QoS sample."
            ],
            "type": "u16"
          },
          {
            "name": "ewmaAlphaBps",
            "docs": [
              "EWMA smoothing: qos = (alpha * sample + (10000 - alpha) * qos) / 10000."
            ],
            "type": "u16"
          },
          {
            "name": "missPenaltyBps",
            "docs": [
              "A missed challenge multiplies QoS by (10000 - miss_penalty) / 10000."
            ],
            "type": "u16"
          },
          {
            "name": "slashBps",
            "docs": [
              "A missed challenge slashes this share of the node's pool (active + unbonding)."
            ],
            "type": "u16"
          },
          {
            "name": "maxSlashesPerEpoch",
            "docs": [
              "At most this many slashes per report epoch; later misses cost QoS only."
            ],
            "type": "u16"
          },
          {
            "name": "jailAfterMisses",
            "docs": [
              "This many misses in a row jail the node (no more challenges, no earnings) until the",
              "authority releases it: an offline node loses a bounded share, not its whole pool."
            ],
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "registryConfig",
      "docs": [
        "Registry-wide parameters. `authority` moves to the governance PDA at bootstrap."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "minStake",
            "docs": [
              "Tokens (base units) a node's staking pool must hold to register."
            ],
            "type": "u64"
          },
          {
            "name": "challengeIntervalSlots",
            "type": "u64"
          },
          {
            "name": "responseWindowSlots",
            "type": "u64"
          },
          {
            "name": "reportEpochSeconds",
            "docs": [
              "Report epochs are `unix_timestamp / report_epoch_seconds + epoch_offset`."
            ],
            "type": "u64"
          },
          {
            "name": "epochOffset",
            "docs": [
              "Set when `report_epoch_seconds` changes so that epoch numbers never go back (a longer",
              "epoch would otherwise restart numbering below nodes' last reports and lock them out)."
            ],
            "type": "u64"
          },
          {
            "name": "qos",
            "type": {
              "defined": {
                "name": "qosParams"
              }
            }
          },
          {
            "name": "nodeCount",
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "slasherBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "rewardClaimed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "epoch",
            "type": "u64"
          },
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "weight",
            "type": "u64"
          },
          {
            "name": "totalWeight",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "rewardsClawedBack",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "epoch",
            "type": "u64"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "treasury",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "setPaymentParamsArgs",
      "docs": [
        "Every field is optional: `None` keeps the current value."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "feeSplit",
            "type": {
              "option": {
                "defined": {
                  "name": "feeSplit"
                }
              }
            }
          },
          {
            "name": "creditRate",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "prices",
            "type": {
              "option": {
                "defined": {
                  "name": "priceTable"
                }
              }
            }
          },
          {
            "name": "epochLengthSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "claimWindowSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "channelCloseSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "guardian",
            "type": {
              "option": "pubkey"
            }
          },
          {
            "name": "authority",
            "type": {
              "option": "pubkey"
            }
          }
        ]
      }
    },
    {
      "name": "stakePool",
      "docs": [
        "One node operator's stake pool. Two share classes live in it: active stake (earns rewards,",
        "counts for the registry's minimum stake) and unbonding stake (waits out the cooldown).",
        "Both are slashable; slashing lowers the value of a share, never a position's share count."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "docs": [
              "Token account (PDA `[VAULT_SEED, pool]`) owned by this pool PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "totalTokens",
            "docs": [
              "Active tokens backing `total_shares`."
            ],
            "type": "u64"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "unbondingTokens",
            "docs": [
              "Tokens backing `unbonding_shares` (requested, not yet withdrawn)."
            ],
            "type": "u64"
          },
          {
            "name": "unbondingShares",
            "type": "u128"
          },
          {
            "name": "warmingTokens",
            "docs": [
              "Tokens of positions still warming up (`StakePosition::warming`): in the vault, in no class."
            ],
            "type": "u64"
          },
          {
            "name": "commissionBps",
            "type": "u16"
          },
          {
            "name": "generation",
            "docs": [
              "Bumped when a slash empties the pool completely: positions from an older generation",
              "hold nothing (their shares are zeroed when next touched), so share counts restart."
            ],
            "type": "u32"
          },
          {
            "name": "totalSlashed",
            "type": "u64"
          },
          {
            "name": "totalRewards",
            "type": "u64"
          },
          {
            "name": "countedTokens",
            "docs": [
              "This pool's `total_tokens` as last added into `StakeConfig::total_staked`."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "storageCommitment",
      "docs": [
        "The data a node commits to (see `merkle.rs` for the tree layout)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "root",
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "size",
            "type": "u64"
          },
          {
            "name": "chunkCount",
            "type": "u64"
          },
          {
            "name": "epoch",
            "docs": [
              "Report epoch and slot of the commitment."
            ],
            "type": "u64"
          },
          {
            "name": "slot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "tier",
      "docs": [
        "A developer's pricing tier. Accounts that never bought credits are on `Free`."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "free"
          },
          {
            "name": "standard"
          },
          {
            "name": "premium"
          }
        ]
      }
    },
    {
      "name": "tierPricing",
      "docs": [
        "One row of the price table. Quotas are free allowances per epoch; prices are in $SYNQ base",
        "units (credits cost `price * credit_rate`)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "freeStorageBytes",
            "type": "u64"
          },
          {
            "name": "freeQueries",
            "type": "u64"
          },
          {
            "name": "freeVectors",
            "type": "u64"
          },
          {
            "name": "storagePerGbMonth",
            "type": "u64"
          },
          {
            "name": "perMillionQueries",
            "type": "u64"
          },
          {
            "name": "perMillionVectors",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "treasurySpent",
      "docs": [
        "The treasury paid out by the config authority (after the handover: an executed proposal)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "destination",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "usageSettled",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "node",
            "type": "pubkey"
          },
          {
            "name": "creditAccount",
            "type": "pubkey"
          },
          {
            "name": "epoch",
            "type": "u64"
          },
          {
            "name": "cumulativeCredits",
            "type": "u64"
          },
          {
            "name": "nonce",
            "type": "u64"
          },
          {
            "name": "delta",
            "docs": [
              "Credits deducted by this receipt (cumulative minus the last settled)."
            ],
            "type": "u64"
          },
          {
            "name": "deposit",
            "docs": [
              "What the channel's deposit holds after it."
            ],
            "type": "u64"
          },
          {
            "name": "released",
            "docs": [
              "Escrow the consumed credits paid for, moved into the epoch's pool."
            ],
            "type": "u64"
          },
          {
            "name": "epochPool",
            "type": "u64"
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "bpsDenominator",
      "type": "u16",
      "value": "10000"
    },
    {
      "name": "channelSeed",
      "docs": [
        "`[CHANNEL_SEED, credit_account, node]`: the payment channel between a developer and a node."
      ],
      "type": "bytes",
      "value": "[99, 104, 97, 110, 110, 101, 108]"
    },
    {
      "name": "claimSeed",
      "docs": [
        "`[CLAIM_SEED, epoch, node]`: created by the claim, so a second claim fails."
      ],
      "type": "bytes",
      "value": "[99, 108, 97, 105, 109]"
    },
    {
      "name": "configSeed",
      "type": "bytes",
      "value": "[112, 97, 121, 109, 101, 110, 116, 95, 99, 111, 110, 102, 105, 103]"
    },
    {
      "name": "creditSeed",
      "docs": [
        "`[CREDIT_SEED, owner]`: one credit account per developer wallet."
      ],
      "type": "bytes",
      "value": "[99, 114, 101, 100, 105, 116, 95, 97, 99, 99, 111, 117, 110, 116]"
    },
    {
      "name": "epochSeed",
      "docs": [
        "`[EPOCH_SEED, number as u64 little-endian]`."
      ],
      "type": "bytes",
      "value": "[101, 112, 111, 99, 104]"
    },
    {
      "name": "maxChannelCloseSeconds",
      "type": "u64",
      "value": "2592000"
    },
    {
      "name": "maxClaimWindowSeconds",
      "type": "u64",
      "value": "31536000"
    },
    {
      "name": "maxEpochSeconds",
      "type": "u64",
      "value": "2592000"
    },
    {
      "name": "minChannelCloseSeconds",
      "docs": [
        "Channel settlement window bounds: at least an hour (a node settles its last receipts),",
        "at most thirty days (a developer gets unused credits back)."
      ],
      "type": "u64",
      "value": "3600"
    },
    {
      "name": "minClaimWindowSeconds",
      "docs": [
        "Claim window bounds: at least a day (an operator offline for a night still claims), at",
        "most a year (unclaimed rewards return to the treasury eventually)."
      ],
      "type": "u64",
      "value": "86400"
    },
    {
      "name": "minEpochSeconds",
      "docs": [
        "Epoch length bounds: an hour at least (each epoch costs an `advance_epoch` and a",
        "distribution), thirty days at most (operators are paid at least monthly)."
      ],
      "type": "u64",
      "value": "3600"
    },
    {
      "name": "receiptDomain",
      "docs": [
        "Prefix of every signed usage receipt: the bytes signed are `RECEIPT_DOMAIN || mint ||",
        "node || credit_account || cumulative_credits (u64 LE) || nonce (u64 LE)`, `mint` being the",
        "deployment's $SYNQ mint (one deployment's receipts are worthless on another). The domain",
        "keeps a receipt from ever being valid as any other signed message."
      ],
      "type": "bytes",
      "value": "[115, 121, 110, 113, 45, 114, 101, 99, 101, 105, 112, 116, 45, 118, 50]"
    },
    {
      "name": "receiptMessageLen",
      "type": "u32",
      "value": "127"
    },
    {
      "name": "rewardVaultSeed",
      "docs": [
        "`[REWARD_VAULT_SEED, config]`: token account owned by the config PDA holding every open",
        "epoch's operator share until it is claimed or clawed back."
      ],
      "type": "bytes",
      "value": "[114, 101, 119, 97, 114, 100, 95, 118, 97, 117, 108, 116]"
    },
    {
      "name": "treasurySeed",
      "docs": [
        "`[TREASURY_SEED, config]`: token account owned by the config PDA."
      ],
      "type": "bytes",
      "value": "[116, 114, 101, 97, 115, 117, 114, 121]"
    },
    {
      "name": "usageSeed",
      "docs": [
        "`[USAGE_SEED, epoch, node]`: a node's settled usage in one epoch."
      ],
      "type": "bytes",
      "value": "[110, 111, 100, 101, 95, 117, 115, 97, 103, 101]"
    }
  ]
};
