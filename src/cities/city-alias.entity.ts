import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ALIAS_KINDS, type AliasKind } from './city-name';
import { City } from './city.entity';

/**
 * One spelling that names a city (西安市, Xi'an, xian, 昆山), kept with its
 * normalised key (city-name.ts); the key is unique, so a spelling names one city.
 */
@Entity('city_aliases')
@Check('city_aliases_alias_check', `btrim(alias) <> '' AND length(alias) <= 200`)
@Check('city_aliases_normalised_check', `normalised <> ''`)
@Check('city_aliases_kind_check', `kind IN (${ALIAS_KINDS.map((k) => `'${k}'`).join(', ')})`)
export class CityAlias {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Index('city_aliases_city_id_idx')
  @Column('integer')
  cityId!: number;

  @ManyToOne(() => City, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'city_id', foreignKeyConstraintName: 'city_aliases_city_id_fkey' })
  city?: City;

  @Column('text')
  alias!: string;

  @Column('text', { unique: true })
  normalised!: string;

  @Column('text')
  kind!: AliasKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
