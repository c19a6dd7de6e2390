import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A part of the product that questions, engineers and boards are filed under. */
@Entity('product_areas')
@Check('product_areas_slug_check', `slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'`)
@Check('product_areas_name_en_check', `btrim(name_en) <> ''`)
@Check('product_areas_name_zh_check', `btrim(name_zh) <> ''`)
export class ProductArea {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column('text', { unique: true })
  slug!: string;

  @Column('text')
  nameEn!: string;

  @Column('text')
  nameZh!: string;
}
